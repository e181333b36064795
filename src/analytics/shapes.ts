import type {
  ConversationCategory,
  ConversationDirection,
  ConversationType,
  MessagingGranularity,
  PricingCategory,
  PricingType,
} from './catalog.js';
import type { ConversationAnalyticsQuery, MessagingAnalyticsQuery, PricingAnalyticsQuery } from './queries.js';

/**
 * The JSON Graph answers for the analytics fields, shaped from bucketed aggregate rows. Shapes
 * follow the example responses in Meta's analytics guide (developers.facebook.com/documentation/
 * business-messaging/whatsapp/analytics, Apr 2026) and the waba-analytics Graph reference:
 *  - analytics: `{phone_numbers, country_codes, granularity, data_points:[{start,end,sent,delivered}]}`;
 *  - pricing_analytics and conversation_analytics: `{data:[{data_points:[…]}]}`, a point carrying a key
 *    only for each requested dimension and metric, cost as a plain number in the WABA's currency;
 *  - `tier` is left out of points for free messages ("The tier property will be omitted for data
 *    points that represent free messages").
 * Rows are merged on the requested dimensions, so a store may hand over finer rows than asked for.
 * Filters (pricing_types, country_codes, …) are the store's job: a row here is counted as given.
 */
interface Bucketed {
  readonly start: number;
  readonly end: number;
}

export interface MessagingRow extends Bucketed {
  readonly sent: number;
  readonly delivered: number;
}

export interface PricingRow extends Bucketed {
  readonly phoneNumber?: string;
  /** ISO 3166 alpha-2 of the recipient's market. */
  readonly country?: string;
  /** `lower:upper` such as `0:750000` or `0:MAX`; null for free messages, which count toward no tier. */
  readonly tier?: string | null;
  readonly pricingType?: PricingType;
  readonly pricingCategory?: PricingCategory;
  readonly volume: number;
  /** Millionths of the WABA's currency unit: an integer, so sums stay exact in SQL. */
  readonly costMicros: number;
}

export interface ConversationRow extends Bucketed {
  readonly phoneNumber?: string;
  readonly country?: string;
  readonly conversationType?: ConversationType;
  readonly conversationDirection?: ConversationDirection;
  readonly conversationCategory?: ConversationCategory;
  readonly conversation: number;
  readonly costMicros: number;
}

export interface MessagingAnalyticsJson {
  phone_numbers: string[];
  country_codes?: string[];
  granularity: MessagingGranularity;
  data_points: Array<{ start: number; end: number; sent: number; delivered: number }>;
}

export type DataPointJson = { start: number; end: number } & Record<string, string | number>;

export interface PointsJson {
  data: Array<{ data_points: DataPointJson[] }>;
}

/**
 * `analytics`. `phoneNumbers` and `countryCodes` are what the answer covers: the filters when given,
 * else the WABA's numbers and the countries seen. Points ascend by start, as in Meta's example; the
 * Graph reference example has no country_codes, so an empty list is left out.
 */
export function shapeMessagingAnalytics(
  query: MessagingAnalyticsQuery,
  data: { readonly rows: readonly MessagingRow[]; readonly phoneNumbers: readonly string[]; readonly countryCodes: readonly string[] },
): MessagingAnalyticsJson {
  const points = groupRows(data.rows, { labels: () => ({}), measures: (row) => ({ sent: row.sent, delivered: row.delivered }) });
  return {
    phone_numbers: [...data.phoneNumbers],
    ...(data.countryCodes.length > 0 ? { country_codes: [...data.countryCodes] } : {}),
    granularity: query.granularity,
    data_points: points.sort((a, b) => a.start - b.start).map((p) => ({ start: p.start, end: p.end, ...p.measures })),
  };
}

/** `pricing_analytics`; keys in the order of Meta's volume-tier example, newest bucket first as in its example response. */
export function shapePricingAnalytics(query: PricingAnalyticsQuery, rows: readonly PricingRow[]): PointsJson {
  const dims = new Set(query.dimensions);
  const metrics = new Set(query.metricTypes);
  const points = groupRows(rows, {
    labels: (row) => ({
      phone_number: dims.has('PHONE') ? row.phoneNumber : undefined,
      country: dims.has('COUNTRY') ? row.country : undefined,
      tier: dims.has('TIER') ? (row.tier ?? undefined) : undefined,
      pricing_type: dims.has('PRICING_TYPE') ? row.pricingType : undefined,
      pricing_category: dims.has('PRICING_CATEGORY') ? row.pricingCategory : undefined,
    }),
    measures: (row) => ({ volume: row.volume, costMicros: row.costMicros }),
  });
  return pointsJson(points, (m) => ({
    ...(metrics.has('VOLUME') ? { volume: m.volume } : {}),
    ...(metrics.has('COST') ? { cost: currencyUnits(m.costMicros) } : {}),
  }));
}

/** `conversation_analytics` (conversation-based pricing, before 1 Jul 2025); key order of Meta's examples. */
export function shapeConversationAnalytics(query: ConversationAnalyticsQuery, rows: readonly ConversationRow[]): PointsJson {
  const dims = new Set(query.dimensions);
  const metrics = new Set(query.metricTypes);
  const points = groupRows(rows, {
    labels: (row) => ({
      phone_number: dims.has('PHONE') ? row.phoneNumber : undefined,
      country: dims.has('COUNTRY') ? row.country : undefined,
      conversation_type: dims.has('CONVERSATION_TYPE') ? row.conversationType : undefined,
      conversation_direction: dims.has('CONVERSATION_DIRECTION') ? row.conversationDirection : undefined,
      conversation_category: dims.has('CONVERSATION_CATEGORY') ? row.conversationCategory : undefined,
    }),
    measures: (row) => ({ conversation: row.conversation, costMicros: row.costMicros }),
  });
  return pointsJson(points, (m) => ({
    ...(metrics.has('CONVERSATION') ? { conversation: m.conversation } : {}),
    ...(metrics.has('COST') ? { cost: currencyUnits(m.costMicros) } : {}),
  }));
}

/** The node answer: each requested field's value, then `id`, as Graph orders a node read. */
export function wabaNode<T extends Record<string, unknown>>(id: string, fields: T): T & { id: string } {
  return { ...fields, id };
}

/** Micros to a plain number of currency units: 4_600_000 → 4.6 (an exact integer divided once, so no float noise). */
export const currencyUnits = (micros: number): number => Math.round(micros) / 1_000_000;

type Labels = Record<string, string | undefined>;
interface Group<M> extends Bucketed {
  readonly labels: Labels;
  readonly measures: M;
}

function groupRows<R extends Bucketed, M extends Record<string, number>>(
  rows: readonly R[],
  options: { labels: (row: R) => Labels; measures: (row: R) => M },
): Array<Group<M>> {
  const groups = new Map<string, Group<M>>();
  for (const row of rows) {
    const labels = Object.fromEntries(Object.entries(options.labels(row)).filter(([, v]) => v !== undefined && v !== ''));
    const key = JSON.stringify([row.start, row.end, labels]);
    const measures = options.measures(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { start: row.start, end: row.end, labels, measures: { ...measures } });
    else for (const name of Object.keys(measures)) (group.measures as Record<string, number>)[name] = (group.measures[name] ?? 0) + (measures[name] ?? 0);
  }
  return [...groups.values()];
}

function pointsJson<M>(groups: Array<Group<M>>, metrics: (m: M) => Record<string, number>): PointsJson {
  const points = groups
    .sort((a, b) => b.start - a.start)
    .map((g) => ({ start: g.start, end: g.end, ...(g.labels as Record<string, string>), ...metrics(g.measures) }));
  return { data: [{ data_points: points }] };
}
