import { describe, expect, it } from 'vitest';
import { parseExpansion } from '../../src/analytics/expansion.js';
import { validateAnalyticsQuery } from '../../src/analytics/queries.js';
import { refused } from './refused.js';

const NOW = 1_781_524_800; // 2026-06-15T12:00:00Z
const DAY = 86_400;
const START = NOW - 30 * DAY;

const validate = (raw: string, now = NOW) => validateAnalyticsQuery(parseExpansion(raw), { now });

describe('validateAnalyticsQuery', () => {
  it('types a messaging analytics query, product types as numbers and country codes upper-cased', () => {
    expect(validate(`analytics.start(${START}).end(${NOW}).granularity(DAY).phone_numbers(["+16505550111"]).product_types([0,100]).country_codes(us,BR)`)).toEqual({
      field: 'analytics',
      start: START,
      end: NOW,
      granularity: 'DAY',
      phoneNumbers: ['16505550111'],
      countryCodes: ['US', 'BR'],
      productTypes: [0, 100],
    });
  });

  it('types a pricing analytics query and resolves no metric types to all of them', () => {
    const query = validate(
      `pricing_analytics.start(${START}).end(${NOW}).granularity(DAILY).dimensions(PRICING_CATEGORY,PRICING_TYPE,TIER,COUNTRY)` +
        '.pricing_types([REGULAR]).pricing_categories(["MARKETING","UTILITY"]).tiers(["0:750000","0:MAX"])',
    );
    expect(query).toEqual({
      field: 'pricing_analytics',
      start: START,
      end: NOW,
      granularity: 'DAILY',
      phoneNumbers: [],
      countryCodes: [],
      metricTypes: ['COST', 'VOLUME'],
      pricingTypes: ['REGULAR'],
      pricingCategories: ['MARKETING', 'UTILITY'],
      dimensions: ['PRICING_CATEGORY', 'PRICING_TYPE', 'TIER', 'COUNTRY'],
      tiers: ['0:750000', '0:MAX'],
    });
  });

  it('types a conversation analytics query, reading the guide\'s FREE_ENTRY as FREE_ENTRY_POINT', () => {
    const query = validate(
      `conversation_analytics.start(${START}).end(${NOW}).granularity(MONTHLY).metric_types(CONVERSATION)` +
        '.conversation_types(FREE_ENTRY,FREE_ENTRY_POINT,REGULAR).conversation_directions(USER_INITIATED)' +
        '.conversation_categories(SERVICE).dimensions(CONVERSATION_TYPE)',
    );
    expect(query).toMatchObject({
      field: 'conversation_analytics',
      granularity: 'MONTHLY',
      metricTypes: ['CONVERSATION'],
      conversationTypes: ['FREE_ENTRY_POINT', 'REGULAR'],
      conversationDirections: ['USER_INITIATED'],
      conversationCategories: ['SERVICE'],
      dimensions: ['CONVERSATION_TYPE'],
    });
  });

  it('reads enum values case-insensitively, as Meta\'s examples send daily and cost in lower case', () => {
    expect(validate(`pricing_analytics.start(${START}).end(${NOW}).granularity(daily).metric_types(cost)`)).toMatchObject({ granularity: 'DAILY', metricTypes: ['COST'] });
  });

  it('accepts the query-string form of the pricing_analytics edge, lists as text, and ignores other parameters', () => {
    const query = validateAnalyticsQuery(
      { field: 'pricing_analytics', modifiers: { start: String(START), end: String(NOW), granularity: 'HALF_HOUR', dimensions: '[COUNTRY,TIER]', access_token: 'x' } },
      { now: NOW },
    );
    expect(query).toMatchObject({ granularity: 'HALF_HOUR', dimensions: ['COUNTRY', 'TIER'] });
  });

  it('refuses a granularity of another query or none at all, naming granularity and the allowed values', () => {
    expect(refused(() => validate(`analytics.start(${START}).end(${NOW}).granularity(DAILY)`))).toBe('analytics.granularity: "DAILY" is not one of HALF_HOUR, DAY, MONTH');
    expect(refused(() => validate(`pricing_analytics.start(${START}).end(${NOW}).granularity(DAY)`))).toBe('pricing_analytics.granularity: "DAY" is not one of HALF_HOUR, DAILY, MONTHLY');
    expect(refused(() => validate(`conversation_analytics.start(${START}).end(${NOW})`))).toBe('conversation_analytics.granularity: is required, one of HALF_HOUR, DAILY, MONTHLY');
  });

  it('refuses unknown metric, dimension, category, type and direction names, naming the list and the value', () => {
    const base = `pricing_analytics.start(${START}).end(${NOW}).granularity(DAILY)`;
    expect(refused(() => validate(`${base}.metric_types(COST,CLICKS)`))).toBe('pricing_analytics.metric_types: "CLICKS" is not one of COST, VOLUME');
    expect(refused(() => validate(`${base}.dimensions(CONVERSATION_TYPE)`))).toMatch(/^pricing_analytics\.dimensions: "CONVERSATION_TYPE" is not one of COUNTRY, PHONE/);
    expect(refused(() => validate(`${base}.pricing_categories(PROMOTION)`))).toMatch(/^pricing_analytics\.pricing_categories: "PROMOTION" is not one of/);
    expect(refused(() => validate(`${base}.pricing_types(FREE)`))).toMatch(/^pricing_analytics\.pricing_types: "FREE" is not one of/);
    expect(refused(() => validate(`${base}.tiers(gold)`))).toBe('pricing_analytics.tiers: "gold" is not a tier such as 0:750000 or 0:MAX');
    const conversation = `conversation_analytics.start(${START}).end(${NOW}).granularity(DAILY)`;
    expect(refused(() => validate(`${conversation}.metric_types(VOLUME)`))).toBe('conversation_analytics.metric_types: "VOLUME" is not one of COST, CONVERSATION');
    expect(refused(() => validate(`${conversation}.conversation_directions(INBOUND)`))).toMatch(/^conversation_analytics\.conversation_directions: "INBOUND"/);
    expect(refused(() => validate(`${conversation}.dimensions(UNKNOWN)`))).toMatch(/^conversation_analytics\.dimensions: "UNKNOWN"/);
  });

  it('refuses product types other than 0, 2 and 100, and malformed phone numbers and country codes', () => {
    const base = `analytics.start(${START}).end(${NOW}).granularity(DAY)`;
    expect(refused(() => validate(`${base}.product_types(1)`))).toBe('analytics.product_types: "1" is not one of 0, 2, 100');
    expect(refused(() => validate(`${base}.phone_numbers(["1650-555"])`))).toBe('analytics.phone_numbers: "1650-555" is not a phone number (digits only)');
    expect(refused(() => validate(`${base}.country_codes(USA)`))).toBe('analytics.country_codes: "USA" is not a two-letter country code');
  });

  it('refuses a missing start or end, naming it', () => {
    expect(refused(() => validate(`analytics.end(${NOW}).granularity(DAY)`))).toBe('analytics.start: is required (a unix timestamp in seconds)');
    expect(refused(() => validate(`analytics.start(${START}).granularity(DAY)`))).toBe('analytics.end: is required (a unix timestamp in seconds)');
  });

  it('refuses an end before or at its start, naming end', () => {
    expect(refused(() => validate(`analytics.start(${START}).end(${START - 1}).granularity(DAY)`))).toBe(`analytics.end: ${START - 1} is not after start ${START}`);
    expect(refused(() => validate(`analytics.start(${START}).end(${START}).granularity(DAY)`))).toBe(`analytics.end: ${START} is not after start ${START}`);
  });

  it('refuses a range that starts in the future but accepts an end after now', () => {
    expect(refused(() => validate(`pricing_analytics.start(${NOW + 1}).end(${NOW + DAY}).granularity(DAILY)`))).toBe(`pricing_analytics.start: ${NOW + 1} is in the future`);
    expect(validate(`pricing_analytics.start(${NOW - DAY}).end(${NOW + DAY}).granularity(DAILY)`).end).toBe(NOW + DAY);
  });

  it('looks back exactly one calendar year since 1 December 2025, naming start', () => {
    const oneYearAgo = 1_749_988_800; // 2025-06-15T12:00:00Z
    expect(validate(`pricing_analytics.start(${oneYearAgo}).end(${NOW}).granularity(MONTHLY)`).start).toBe(oneYearAgo);
    expect(refused(() => validate(`conversation_analytics.start(${oneYearAgo - 1}).end(${NOW}).granularity(MONTHLY)`))).toBe(
      `conversation_analytics.start: ${oneYearAgo - 1} is more than 1 year ago; conversation_analytics looks back at most 1 year`,
    );
  });

  it('still looks back ten years on a clock set before 1 December 2025', () => {
    const beforeCut = 1_764_547_199; // 2025-11-30T23:59:59Z
    const eightYearsEarlier = beforeCut - 8 * 365 * DAY;
    expect(validate(`analytics.start(${eightYearsEarlier}).end(${beforeCut}).granularity(MONTH)`, beforeCut).start).toBe(eightYearsEarlier);
    expect(refused(() => validate(`analytics.start(${beforeCut - 11 * 365 * DAY}).end(${beforeCut}).granularity(MONTH)`, beforeCut))).toMatch(/looks back at most 10 years$/);
    expect(refused(() => validate(`analytics.start(${eightYearsEarlier}).end(${beforeCut + 2}).granularity(MONTH)`, beforeCut + 1))).toMatch(/looks back at most 1 year$/);
  });
});
