import type { TemplateParameterType } from '../messages/validate-template.js';
import { charLength } from './findings.js';
import { templateTextLimits as L } from './limits.js';
import { countMismatch, fillText } from './send-params.js';
import { SendRefusal, type RenderedHeader, type SendParameter } from './send-types.js';
import type { HeaderComponent, HeaderFormat, ParameterFormat } from './types.js';

/** The send parameter each non-text header format takes (spec §1.3); a GIF header is sent as a video. */
const parameterFor: Record<Exclude<HeaderFormat, 'TEXT'>, TemplateParameterType> = {
  IMAGE: 'image',
  VIDEO: 'video',
  GIF: 'video',
  DOCUMENT: 'document',
  LOCATION: 'location',
  PRODUCT: 'product',
};

export interface HeaderOptions {
  header: HeaderComponent | undefined;
  parameters: readonly SendParameter[];
  format: ParameterFormat;
  /** `header` or `card 0 header`. */
  part: string;
  maxParameter: number;
}

/**
 * A text header takes at most one text parameter and shows at most 60 characters once filled;
 * a media, location or product header needs its one parameter at every send, since the template
 * holds only a review sample. Meta answers a missing or wrong one with 132012
 * ("header: Format mismatch, expected IMAGE, received UNKNOWN").
 */
export function renderHeader(o: HeaderOptions): RenderedHeader | undefined {
  const { header, parameters, part } = o;
  if (header === undefined) {
    if (parameters.length > 0) throw countMismatch(part, parameters.length, 0);
    return undefined;
  }
  if (header.format === 'TEXT') {
    const text = fillText({ text: header.text ?? '', parameters, format: o.format, part, types: ['text'], maxParameter: o.maxParameter });
    if (charLength(text) > L.headerText) {
      throw new SendRefusal('templateTextTooLong', `${part}: the header is ${charLength(text)} characters once filled; at most ${L.headerText}`);
    }
    return { type: 'text', text };
  }
  const expected = parameterFor[header.format];
  const p = parameters[0];
  if (p === undefined || p.type !== expected) {
    throw new SendRefusal('templateParamFormat', `${part}: Format mismatch, expected ${header.format}, received ${p?.type.toUpperCase() ?? 'UNKNOWN'}`);
  }
  if (parameters.length > 1) throw countMismatch(part, parameters.length, 1);
  return rendered(p);
}

function rendered(p: SendParameter): RenderedHeader {
  switch (p.type) {
    case 'image':
    case 'video':
    case 'document': {
      const media = p[p.type] ?? {};
      return {
        type: p.type,
        ...(media.id !== undefined ? { id: media.id } : {}),
        ...(media.link !== undefined ? { link: media.link } : {}),
        ...(media.filename !== undefined ? { filename: media.filename } : {}),
      };
    }
    case 'location': {
      const l = p.location ?? { latitude: 0, longitude: 0 };
      return {
        type: 'location',
        latitude: Number(l.latitude),
        longitude: Number(l.longitude),
        ...(l.name !== undefined ? { name: l.name } : {}),
        ...(l.address !== undefined ? { address: l.address } : {}),
      };
    }
    default: {
      const product = p.product ?? {};
      return {
        type: 'product',
        ...(product.catalog_id !== undefined ? { catalogId: product.catalog_id } : {}),
        ...(product.product_retailer_id !== undefined ? { productRetailerId: product.product_retailer_id } : {}),
      };
    }
  }
}
