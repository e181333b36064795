import { describe, expect, it } from 'vitest';
import { accepted, expectRejected, send } from '../../helpers/outbound.js';

type Fields = Record<string, unknown>;
const template = (fields: Fields) => send({ type: 'template', template: { name: 'order_confirmation', language: { code: 'en_US' }, ...fields } });
const withComponents = (...components: unknown[]) => template({ components });
const body = (...parameters: unknown[]) => ({ type: 'body', parameters });
const button = (fields: Fields) => ({ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'P' }], ...fields });

describe('template messages', () => {
  it('accepts the full example of spec §1.3 and returns it as sent', () => {
    const fields = {
      name: 'order_confirmation',
      language: { code: 'en_US', policy: 'deterministic' },
      components: [
        { type: 'header', parameters: [{ type: 'image', image: { link: 'https://x.io/h.jpg' } }] },
        body(
          { type: 'text', text: 'Jessica' },
          { type: 'currency', currency: { fallback_value: '$100.00', code: 'USD', amount_1000: 100000 } },
          { type: 'date_time', date_time: { fallback_value: 'December 25, 2024' } },
        ),
        { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'ORDER_DETAILS' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'order-123' }] },
      ],
    };
    expect(accepted(send({ type: 'template', template: fields }))).toMatchObject({ type: 'template', content: fields });
  });

  it('accepts a template without components and with named parameters', () => {
    expect(accepted(template({})).content).toEqual({ name: 'order_confirmation', language: { code: 'en_US' } });
    expect(accepted(withComponents(body({ type: 'text', text: 'Ann', parameter_name: 'first_name' }))).type).toBe('template');
  });

  it('accepts every button sub_type and the other parameter types', () => {
    const components = [
      { type: 'header', parameters: [{ type: 'location', location: { latitude: '37.48', longitude: '-122.14', name: 'HQ' } }] },
      button({ sub_type: 'copy_code', index: '1', parameters: [{ type: 'coupon_code', coupon_code: 'SAVE25' }] }),
      button({ sub_type: 'flow', index: '2', parameters: [{ type: 'action', action: { flow_token: 't' } }] }),
      button({ sub_type: 'catalog', index: '3', parameters: [{ type: 'action', action: { thumbnail_product_retailer_id: 'sku' } }] }),
      button({ sub_type: 'mpm', index: '4', parameters: [{ type: 'action', action: { sections: [] } }] }),
      button({ sub_type: 'voice_call', index: '5', parameters: [] }),
      { type: 'header', parameters: [{ type: 'product', product: { product_retailer_id: 'sku', catalog_id: 'c' } }] },
      { type: 'header', parameters: [{ type: 'document', document: { id: '123', filename: 'a.pdf' } }] },
      { type: 'header', parameters: [{ type: 'video', video: { id: '123' } }] },
      { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: 1767225600000 } }] },
    ];
    const content = accepted(withComponents(...components)).content as { components: { parameters: { location?: unknown }[] }[] };
    expect(content.components[0]?.parameters[0]?.location).toEqual({ latitude: 37.48, longitude: -122.14, name: 'HQ' });
  });

  it('accepts a carousel of cards with their own components', () => {
    const card = (card_index: number) => ({ card_index, components: [{ type: 'header', parameters: [{ type: 'image', image: { id: '1' } }] }, button({})] });
    expect(accepted(withComponents(body(), { type: 'carousel', cards: [card(0), card(1)] })).type).toBe('template');
  });

  it('fails a carousel of more than 10 cards, a bad card_index or a nested carousel with 131009', () => {
    const card = (card_index: unknown) => ({ card_index, components: [] });
    expect(accepted(withComponents({ type: 'carousel', cards: Array.from({ length: 10 }, (_, i) => card(i)) })).type).toBe('template');
    expectRejected(withComponents({ type: 'carousel', cards: Array.from({ length: 11 }, (_, i) => card(i)) }), 131009, 'template.components[0].cards');
    expectRejected(withComponents({ type: 'carousel', cards: [card('0')] }), 131009, 'template.components[0].cards[0].card_index');
    expectRejected(withComponents({ type: 'carousel', cards: [{ components: [] }] }), 131008, 'template.components[0].cards[0].card_index');
    const nested = { card_index: 0, components: [{ type: 'carousel', cards: [] }] };
    expectRejected(withComponents({ type: 'carousel', cards: [nested] }), 131009, 'template.components[0].cards[0].components[0].type');
  });

  it('fails a missing name with 131008 and a name with capitals or dashes with 131009', () => {
    expectRejected(send({ type: 'template', template: { language: { code: 'en' } } }), 131008, 'template.name');
    expectRejected(template({ name: 'Order-Confirmation' }), 131009, 'template.name');
  });

  it('fails a missing language or language.code with 131008 and a policy other than deterministic with 131009', () => {
    expectRejected(send({ type: 'template', template: { name: 'a' } }), 131008, 'template.language');
    expectRejected(template({ language: {} }), 131008, 'template.language.code');
    expectRejected(template({ language: { code: 'en', policy: 'fallback' } }), 131009, 'template.language.policy');
  });

  it('fails components that are not an array of objects with 100', () => {
    expectRejected(template({ components: { type: 'body' } }), 100, 'template.components');
    expectRejected(template({ components: ['body'] }), 100, 'template.components[0]');
  });

  it('fails a component of an unknown type with 131009 and one without type with 131008', () => {
    expectRejected(withComponents({ type: 'footer' }), 131009, 'template.components[0].type');
    expectRejected(withComponents({ parameters: [] }), 131008, 'template.components[0].type');
  });

  it('accepts component type and sub_type in capitals and returns them lower-cased', () => {
    const content = accepted(withComponents({ type: 'BUTTON', sub_type: 'QUICK_REPLY', index: '0' })).content as { components: unknown[] };
    expect(content.components[0]).toEqual({ type: 'button', sub_type: 'quick_reply', index: '0' });
  });

  it('fails a button without sub_type or index with 131008 and with an unknown sub_type with 131009', () => {
    expectRejected(withComponents(button({ sub_type: undefined })), 131008, 'template.components[0].sub_type');
    expectRejected(withComponents(button({ index: undefined })), 131008, 'template.components[0].index');
    expectRejected(withComponents(button({ sub_type: 'phone_number' })), 131009, 'template.components[0].sub_type');
  });

  it('accepts button index "0" and "9", takes an integer index as its string, and fails "10" with 131009', () => {
    expect(accepted(withComponents(button({ index: '9' }))).type).toBe('template');
    const content = accepted(withComponents(button({ index: 2 }))).content as { components: { index: unknown }[] };
    expect(content.components[0]?.index).toBe('2');
    expectRejected(withComponents(button({ index: '10' })), 131009, 'template.components[0].index');
    expectRejected(withComponents(button({ index: -1 })), 131009, 'template.components[0].index');
  });

  it('fails a parameter of an unknown type with 131009 naming its path', () => {
    expectRejected(withComponents(body({ type: 'text', text: 'a' }, { type: 'emoji', emoji: 'x' })), 131009, 'template.components[0].parameters[1].type');
  });

  it('fails a text parameter without text, or with empty text, with 131008 and a non-string one with 100', () => {
    expectRejected(withComponents(body({ type: 'text' })), 131008, 'template.components[0].parameters[0].text');
    expectRejected(withComponents(body({ type: 'text', text: '' })), 131008, 'template.components[0].parameters[0].text');
    expectRejected(withComponents(body({ type: 'text', text: 42 })), 100, 'template.components[0].parameters[0].text');
  });

  it('fails a currency without fallback_value, code or amount_1000 with 131008 and a fractional amount with 100', () => {
    const currency = { fallback_value: '$1', code: 'USD', amount_1000: 1000 };
    const at = 'template.components[0].parameters[0].currency';
    for (const key of ['fallback_value', 'code', 'amount_1000'] as const) {
      expectRejected(withComponents(body({ type: 'currency', currency: { ...currency, [key]: undefined } })), 131008, `${at}.${key}`);
    }
    expectRejected(withComponents(body({ type: 'currency', currency: { ...currency, amount_1000: 10.5 } })), 100, `${at}.amount_1000`);
  });

  it('fails a date_time without fallback_value, and a media parameter without id or link, with 131008', () => {
    expectRejected(withComponents(body({ type: 'date_time', date_time: {} })), 131008, 'template.components[0].parameters[0].date_time.fallback_value');
    expectRejected(withComponents({ type: 'header', parameters: [{ type: 'image', image: {} }] }), 131008, 'template.components[0].parameters[0].image.id or template.components[0].parameters[0].image.link');
    expectRejected(withComponents({ type: 'header', parameters: [{ type: 'video' }] }), 131008, 'template.components[0].parameters[0].video');
  });

  it('fails a payload, coupon_code or action parameter without its value with 131008', () => {
    expectRejected(withComponents(button({ parameters: [{ type: 'payload' }] })), 131008, 'template.components[0].parameters[0].payload');
    expectRejected(withComponents(button({ sub_type: 'copy_code', parameters: [{ type: 'coupon_code' }] })), 131008, 'template.components[0].parameters[0].coupon_code');
    expectRejected(withComponents(button({ sub_type: 'flow', parameters: [{ type: 'action' }] })), 131008, 'template.components[0].parameters[0].action');
  });
});
