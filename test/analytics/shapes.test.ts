import { describe, expect, it } from 'vitest';
import { parseExpansion } from '../../src/analytics/expansion.js';
import {
  validateAnalyticsQuery,
  type ConversationAnalyticsQuery,
  type MessagingAnalyticsQuery,
  type PricingAnalyticsQuery,
} from '../../src/analytics/queries.js';
import { shapeConversationAnalytics, shapeMessagingAnalytics, shapePricingAnalytics, wabaNode } from '../../src/analytics/shapes.js';

const NOW = 1_781_524_800; // 2026-06-15T12:00:00Z
const START = 1_780_297_200; // 2026-06-01T00:00:00-07:00
const DAY = 86_400;
const WABA = '102290129340398';

const query = <Q>(expansion: string): Q => validateAnalyticsQuery(parseExpansion(expansion), { now: NOW }) as Q;

describe('shapeMessagingAnalytics', () => {
  it('answers analytics exactly as Graph does, points ascending and rows of one bucket summed', () => {
    const q = query<MessagingAnalyticsQuery>(`analytics.start(${START}).end(${NOW}).granularity(DAY)`);
    const rows = [
      { start: START + DAY, end: START + 2 * DAY, sent: 147649, delivered: 139032 },
      { start: START, end: START + DAY, sent: 196000, delivered: 179700 },
      { start: START, end: START + DAY, sent: 93, delivered: 15 },
    ];
    const body = wabaNode(WABA, { analytics: shapeMessagingAnalytics(q, { rows, phoneNumbers: ['16505550111', '16505550112'], countryCodes: ['US', 'BR'] }) });
    expect(JSON.stringify(body)).toBe(
      '{"analytics":{"phone_numbers":["16505550111","16505550112"],"country_codes":["US","BR"],"granularity":"DAY","data_points":[' +
        `{"start":${START},"end":${START + DAY},"sent":196093,"delivered":179715},` +
        `{"start":${START + DAY},"end":${START + 2 * DAY},"sent":147649,"delivered":139032}]},"id":"${WABA}"}`,
    );
  });

  it('leaves country_codes out when the answer covers no country, as the Graph reference example does', () => {
    const q = query<MessagingAnalyticsQuery>(`analytics.start(${START}).end(${NOW}).granularity(MONTH)`);
    expect(shapeMessagingAnalytics(q, { rows: [], phoneNumbers: ['16505550111'], countryCodes: [] })).toEqual({ phone_numbers: ['16505550111'], granularity: 'MONTH', data_points: [] });
  });
});

describe('shapePricingAnalytics', () => {
  const q = query<PricingAnalyticsQuery>(`pricing_analytics.start(${START}).end(${NOW}).granularity(DAILY).dimensions(PRICING_CATEGORY,PRICING_TYPE,TIER,COUNTRY)`);

  it('answers with only the requested dimensions as keys, in Meta\'s key order, newest first, cost in currency units', () => {
    const rows = [
      { start: START, end: START + DAY, phoneNumber: '15550783881', country: 'US', tier: '0:MAX', pricingType: 'REGULAR', pricingCategory: 'MARKETING', volume: 4, costMicros: 40_000_000 },
      { start: START + DAY, end: START + 2 * DAY, phoneNumber: '15550783881', country: 'IN', tier: '0:750000', pricingType: 'REGULAR', pricingCategory: 'AUTHENTICATION_INTERNATIONAL', volume: 2, costMicros: 4_600_000 },
      { start: START + DAY, end: START + 2 * DAY, phoneNumber: '15550783881', country: 'IN', tier: null, pricingType: 'FREE_CUSTOMER_SERVICE', pricingCategory: 'SERVICE', volume: 2, costMicros: 0 },
    ] as const;
    expect(JSON.stringify(wabaNode(WABA, { pricing_analytics: shapePricingAnalytics(q, rows) }))).toBe(
      '{"pricing_analytics":{"data":[{"data_points":[' +
        `{"start":${START + DAY},"end":${START + 2 * DAY},"country":"IN","tier":"0:750000","pricing_type":"REGULAR","pricing_category":"AUTHENTICATION_INTERNATIONAL","volume":2,"cost":4.6},` +
        `{"start":${START + DAY},"end":${START + 2 * DAY},"country":"IN","pricing_type":"FREE_CUSTOMER_SERVICE","pricing_category":"SERVICE","volume":2,"cost":0},` +
        `{"start":${START},"end":${START + DAY},"country":"US","tier":"0:MAX","pricing_type":"REGULAR","pricing_category":"MARKETING","volume":4,"cost":40}` +
        `]}]},"id":"${WABA}"}`,
    );
  });

  it('sums rows that differ only in dimensions nobody asked for, and shows only the requested metrics', () => {
    const volumeByPhone = query<PricingAnalyticsQuery>(`pricing_analytics.start(${START}).end(${NOW}).granularity(MONTHLY).metric_types(VOLUME).dimensions(PHONE)`);
    const rows = [
      { start: START, end: START + 30 * DAY, phoneNumber: '15550783881', country: 'US', pricingCategory: 'UTILITY', volume: 3, costMicros: 1 },
      { start: START, end: START + 30 * DAY, phoneNumber: '15550783881', country: 'BR', pricingCategory: 'MARKETING', volume: 5, costMicros: 2 },
      { start: START, end: START + 30 * DAY, phoneNumber: '15550783882', country: 'BR', pricingCategory: 'MARKETING', volume: 1, costMicros: 3 },
    ] as const;
    expect(shapePricingAnalytics(volumeByPhone, rows)).toEqual({
      data: [
        {
          data_points: [
            { start: START, end: START + 30 * DAY, phone_number: '15550783881', volume: 8 },
            { start: START, end: START + 30 * DAY, phone_number: '15550783882', volume: 1 },
          ],
        },
      ],
    });
  });

  it('adds fractional costs exactly, as micros, never as floats', () => {
    const rows = Array.from({ length: 3 }, () => ({ start: START, end: START + DAY, country: 'US', tier: '0:2', pricingType: 'REGULAR', pricingCategory: 'UTILITY', volume: 1, costMicros: 100_000 }) as const);
    expect(shapePricingAnalytics(q, rows).data[0]?.data_points[0]?.cost).toBe(0.3);
  });

  it('answers an empty data_points list when nothing was delivered', () => {
    expect(shapePricingAnalytics(q, [])).toEqual({ data: [{ data_points: [] }] });
  });
});

describe('shapeConversationAnalytics', () => {
  it('answers Meta\'s monthly conversation-type example exactly', () => {
    const q = query<ConversationAnalyticsQuery>('conversation_analytics.start(1775026800).end(1777618800).granularity(MONTHLY).phone_numbers([]).dimensions([CONVERSATION_TYPE])');
    const month = { start: 1775026800, end: 1777618800 };
    const rows = [
      { ...month, conversationType: 'REGULAR', conversationCategory: 'MARKETING', conversation: 8000, costMicros: 80_000_000 },
      { ...month, conversationType: 'REGULAR', conversationCategory: 'UTILITY', conversation: 500, costMicros: 8_101_000 },
      { ...month, conversationType: 'FREE_TIER', conversation: 1000, costMicros: 0 },
      { ...month, conversationType: 'FREE_ENTRY_POINT', conversation: 250, costMicros: 0 },
    ] as const;
    expect(JSON.stringify(wabaNode(WABA, { conversation_analytics: shapeConversationAnalytics(q, rows) }))).toBe(
      '{"conversation_analytics":{"data":[{"data_points":[' +
        '{"start":1775026800,"end":1777618800,"conversation_type":"REGULAR","conversation":8500,"cost":88.101},' +
        '{"start":1775026800,"end":1777618800,"conversation_type":"FREE_TIER","conversation":1000,"cost":0},' +
        '{"start":1775026800,"end":1777618800,"conversation_type":"FREE_ENTRY_POINT","conversation":250,"cost":0}' +
        `]}]},"id":"${WABA}"}`,
    );
  });

  it('keys a point by phone_number, country, type, direction and category, and leaves cost out when only CONVERSATION is asked', () => {
    const q = query<ConversationAnalyticsQuery>(
      `conversation_analytics.start(${START}).end(${NOW}).granularity(HALF_HOUR).metric_types(CONVERSATION).dimensions(CONVERSATION_CATEGORY,CONVERSATION_DIRECTION,CONVERSATION_TYPE,COUNTRY,PHONE)`,
    );
    const row = {
      start: START,
      end: START + 1800,
      phoneNumber: '19195552584',
      country: 'US',
      conversationType: 'REGULAR',
      conversationDirection: 'UNKNOWN',
      conversationCategory: 'SERVICE',
      conversation: 4,
      costMicros: 23_200,
    } as const;
    expect(JSON.stringify(shapeConversationAnalytics(q, [row]).data[0]?.data_points[0])).toBe(
      `{"start":${START},"end":${START + 1800},"phone_number":"19195552584","country":"US","conversation_type":"REGULAR","conversation_direction":"UNKNOWN","conversation_category":"SERVICE","conversation":4}`,
    );
  });
});

describe('wabaNode', () => {
  it('puts several analytics fields of one request side by side with id last', () => {
    expect(Object.keys(wabaNode(WABA, { analytics: {}, pricing_analytics: {} }))).toEqual(['analytics', 'pricing_analytics', 'id']);
  });
});
