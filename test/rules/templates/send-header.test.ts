import { describe, expect, it } from 'vitest';
import { body, marketing, mediaHeader, textHeader, utility } from './fixtures.js';
import { bodyParams, headerParams, rendered, sendTo, text } from './send-fixtures.js';

const BODY = bodyParams(text('Ann'), text('A-1'));

describe('headers', () => {
  it('renders a text header with its variable filled, and a fixed one as written', () => {
    expect(rendered(sendTo(utility(textHeader('Order {{1}}', ['A']), body()), headerParams(text('A-1')), BODY)).header).toEqual({ type: 'text', text: 'Order A-1' });
    expect(rendered(sendTo(utility(textHeader('Order news'), body()), BODY)).header).toEqual({ type: 'text', text: 'Order news' });
  });

  it('answers 132005 when the filled text header passes 60 characters', () => {
    expect(sendTo(utility(textHeader('Order {{1}}', ['A']), body()), headerParams(text('x'.repeat(55))), BODY)).toEqual({
      error: 'templateTextTooLong',
      details: 'header: the header is 61 characters once filled; at most 60',
    });
  });

  it('answers 132000 for header parameters on a template without a header variable', () => {
    expect(sendTo(utility(body()), headerParams(text('x')), BODY)).toEqual({
      error: 'templateParamCount',
      details: 'header: number of localizable_params (1) does not match the expected number of params (0)',
    });
    expect(sendTo(utility(textHeader('Order news'), body()), headerParams(text('x')), BODY)).toMatchObject({ error: 'templateParamCount' });
  });

  it('renders each media header from the media the send gives', () => {
    const image = sendTo(utility(mediaHeader('IMAGE'), body()), headerParams({ type: 'image', image: { link: 'https://x.io/h.jpg' } }), BODY);
    expect(rendered(image).header).toEqual({ type: 'image', link: 'https://x.io/h.jpg' });
    const doc = sendTo(utility(mediaHeader('DOCUMENT'), body()), headerParams({ type: 'document', document: { id: '123', filename: 'invoice.pdf' } }), BODY);
    expect(rendered(doc).header).toEqual({ type: 'document', id: '123', filename: 'invoice.pdf' });
    const gif = sendTo(marketing(mediaHeader('GIF'), body()), headerParams({ type: 'video', video: { id: '9' } }), BODY);
    expect(rendered(gif).header).toEqual({ type: 'video', id: '9' });
  });

  it('answers 132012 as Meta words it when a media header gets no parameter or another type', () => {
    expect(sendTo(utility(mediaHeader('IMAGE'), body()), BODY)).toEqual({ error: 'templateParamFormat', details: 'header: Format mismatch, expected IMAGE, received UNKNOWN' });
    expect(sendTo(utility(mediaHeader('IMAGE'), body()), headerParams({ type: 'video', video: { id: '1' } }), BODY)).toEqual({
      error: 'templateParamFormat',
      details: 'header: Format mismatch, expected IMAGE, received VIDEO',
    });
  });

  it('answers 132000 for a second header parameter', () => {
    const two = headerParams({ type: 'image', image: { id: '1' } }, { type: 'image', image: { id: '2' } });
    expect(sendTo(utility(mediaHeader('IMAGE'), body()), two, BODY)).toEqual({
      error: 'templateParamCount',
      details: 'header: number of localizable_params (2) does not match the expected number of params (1)',
    });
  });

  it('renders a location header with numeric coordinates and a product header', () => {
    const place = headerParams({ type: 'location', location: { latitude: '37.48', longitude: -122.14, name: 'HQ' } });
    const location = sendTo(utility({ type: 'HEADER', format: 'LOCATION' }, body()), place, BODY);
    expect(rendered(location).header).toEqual({ type: 'location', latitude: 37.48, longitude: -122.14, name: 'HQ' });
    const product = sendTo(marketing({ type: 'HEADER', format: 'PRODUCT' }, body()), headerParams({ type: 'product', product: { catalog_id: 'c1', product_retailer_id: 'sku' } }), BODY);
    expect(rendered(product).header).toEqual({ type: 'product', catalogId: 'c1', productRetailerId: 'sku' });
  });
});
