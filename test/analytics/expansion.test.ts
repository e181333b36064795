import { describe, expect, it } from 'vitest';
import { parseExpansion, parseListArgument, splitFieldExpansions } from '../../src/analytics/expansion.js';
import { refused } from './refused.js';

describe('parseExpansion', () => {
  it('reads the field and every modifier of a full pricing_analytics expansion, timestamps as numbers', () => {
    const raw =
      'pricing_analytics.start(1748761200).end(1749687703).granularity(DAILY)' +
      '.dimensions(PRICING_CATEGORY,PRICING_TYPE,TIER,COUNTRY).phone_numbers(["15550001234"]).country_codes(["BR","IN"])';
    expect(parseExpansion(raw)).toEqual({
      field: 'pricing_analytics',
      modifiers: {
        start: 1748761200,
        end: 1749687703,
        granularity: 'DAILY',
        dimensions: ['PRICING_CATEGORY', 'PRICING_TYPE', 'TIER', 'COUNTRY'],
        phone_numbers: ['15550001234'],
        country_codes: ['BR', 'IN'],
      },
    });
  });

  it('accepts a list as a bare comma list, a bracketed list, a JSON array or single-quoted items, all alike', () => {
    const forms = ['COUNTRY,PHONE', '[COUNTRY,PHONE]', '["COUNTRY","PHONE"]', "['COUNTRY', 'PHONE']", ' [ "COUNTRY" , PHONE ] '];
    for (const form of forms) {
      expect(parseExpansion(`pricing_analytics.dimensions(${form})`).modifiers.dimensions, form).toEqual(['COUNTRY', 'PHONE']);
    }
  });

  it('reads empty lists, written () or ([]), as no items', () => {
    const { modifiers } = parseExpansion('conversation_analytics.phone_numbers([]).country_codes().metric_types()');
    expect(modifiers).toEqual({ phone_numbers: [], country_codes: [], metric_types: [] });
  });

  it('splits a quoted item holding commas, as Meta\'s own example sends "COUNTRY,PHONE"', () => {
    const { modifiers } = parseExpansion('conversation_analytics.dimensions(["CONVERSATION_CATEGORY","CONVERSATION_TYPE","COUNTRY,PHONE"])');
    expect(modifiers.dimensions).toEqual(['CONVERSATION_CATEGORY', 'CONVERSATION_TYPE', 'COUNTRY', 'PHONE']);
  });

  it('reads a single bare value of a list modifier as a list of one, and numbers in lists as text', () => {
    expect(parseExpansion('analytics.phone_numbers(16505550111).product_types([0,2])').modifiers).toEqual({
      phone_numbers: ['16505550111'],
      product_types: ['0', '2'],
    });
  });

  it('tolerates the line breaks and indentation of Meta\'s formatted examples', () => {
    const raw = 'analytics\n  .start(1543543200)\n  .end(1544148000)\n  .granularity(DAY)';
    expect(parseExpansion(raw)).toEqual({ field: 'analytics', modifiers: { start: 1543543200, end: 1544148000, granularity: 'DAY' } });
  });

  it('keeps escaped quotes and brackets inside a quoted item', () => {
    expect(parseExpansion('pricing_analytics.tiers(["a\\"b", "c]d(e)"])').modifiers.tiers).toEqual(['a"b', 'c]d(e)']);
  });

  it('refuses an unbalanced parenthesis, naming the modifier', () => {
    expect(refused(() => parseExpansion('analytics.start(1543543200.end(1544148000)'))).toBe('analytics.start: unbalanced parentheses, "(" is never closed');
    expect(refused(() => parseExpansion('analytics.start(1543543200'))).toBe('analytics.start: unbalanced parentheses, "(" is never closed');
    expect(refused(() => parseExpansion('analytics.start(1))'))).toBe('analytics: unbalanced parentheses, a ")" closes nothing');
  });

  it('refuses unbalanced or nested brackets, naming the modifier', () => {
    expect(refused(() => parseExpansion('pricing_analytics.dimensions([COUNTRY,PHONE)'))).toBe('pricing_analytics.dimensions: unbalanced brackets');
    expect(refused(() => parseExpansion('pricing_analytics.dimensions(COUNTRY])'))).toBe('pricing_analytics.dimensions: unbalanced brackets');
    expect(refused(() => parseExpansion('pricing_analytics.dimensions([[COUNTRY]])'))).toBe('pricing_analytics.dimensions: unbalanced brackets');
  });

  it('refuses a quote that is never closed, naming the modifier', () => {
    expect(refused(() => parseExpansion('pricing_analytics.country_codes(["BR)'))).toBe('pricing_analytics.country_codes: a quoted value is never closed');
  });

  it('refuses an unknown modifier, naming it and listing what the field takes', () => {
    const details = refused(() => parseExpansion('pricing_analytics.start(1).conversation_types(REGULAR)'));
    expect(details).toMatch(/^pricing_analytics\.conversation_types: unknown modifier; pricing_analytics takes start, end, granularity/);
    expect(refused(() => parseExpansion('analytics.constructor(1)'))).toMatch(/^analytics\.constructor: unknown modifier/);
  });

  it('refuses a modifier given twice, naming it', () => {
    expect(refused(() => parseExpansion('analytics.start(1).end(2).start(3)'))).toBe('analytics.start: given more than once');
  });

  it('refuses a start or end that is not a whole number of seconds', () => {
    expect(refused(() => parseExpansion('analytics.start(yesterday)'))).toBe('analytics.start: "yesterday" is not a unix timestamp in seconds');
    expect(refused(() => parseExpansion('analytics.end(-5)'))).toBe('analytics.end: "-5" is not a unix timestamp in seconds');
    expect(refused(() => parseExpansion('analytics.start(1.5)'))).toBe('analytics.start: "1.5" is not a unix timestamp in seconds');
    expect(refused(() => parseExpansion('analytics.start(1,2)'))).toBe('analytics.start: takes exactly one value, got 2');
    expect(refused(() => parseExpansion('analytics.start()'))).toBe('analytics.start: takes exactly one value, got 0');
  });

  it('refuses a modifier without parentheses, a dangling dot, empty list items and stray text', () => {
    expect(refused(() => parseExpansion('analytics.start'))).toBe('analytics.start: its value must follow in parentheses, as in start(…)');
    expect(refused(() => parseExpansion('analytics.start(1).'))).toBe('analytics: a modifier name must follow "."');
    expect(refused(() => parseExpansion('pricing_analytics.dimensions(COUNTRY,,PHONE)'))).toBe('pricing_analytics.dimensions: an item of the list is empty');
    expect(refused(() => parseExpansion('analytics.start(1){data_points}'))).toMatch(/^analytics: unexpected "\{data_points\}"/);
  });

  it('refuses a field that is not an analytics field, naming it', () => {
    expect(refused(() => parseExpansion('template_analytics.start(1)'))).toBe('fields: template_analytics is not an analytics field');
    expect(refused(() => parseExpansion('.start(1)'))).toBe('fields: ".start(1)" does not begin with a field name');
  });
});

describe('parseListArgument', () => {
  it('reads the list forms of a template_analytics query string', () => {
    expect(parseListArgument('[1421988012088524,2632273056924580]', 'template_analytics.template_ids')).toEqual(['1421988012088524', '2632273056924580']);
    expect(parseListArgument('cost,clicked,delivered', 'template_analytics.metric_types')).toEqual(['cost', 'clicked', 'delivered']);
    expect(parseListArgument('', 'x')).toEqual([]);
  });
});

describe('splitFieldExpansions', () => {
  it('splits fields at top-level commas only, keeping modifiers and quoted commas whole', () => {
    expect(splitFieldExpansions('name, analytics.start(1).end(2).granularity(DAY),pricing_analytics.dimensions(A,B).country_codes(["x,y"]),id')).toEqual([
      'name',
      'analytics.start(1).end(2).granularity(DAY)',
      'pricing_analytics.dimensions(A,B).country_codes(["x,y"])',
      'id',
    ]);
  });
});
