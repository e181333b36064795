import { billingCountry } from '../billing/market-map.js';
import { bucketIndex, type Bucket } from './buckets.js';
import type { ConversationCategory, ConversationType, PricingCategory, PricingType, ProductType } from './catalog.js';
import type { ConversationAnalyticsQuery, MessagingAnalyticsQuery, PricingAnalyticsQuery } from './queries.js';
import type { ConversationRow, MessagingRow, PricingRow } from './shapes.js';
import { SLOT_SECONDS, type ChargeSlotRow, type MessageSlotRow } from './store.js';

/**
 * Store slots to the rows shapes.ts presents: each slot folded into the bucket holding it, the
 * query's filters applied. `numbers` maps the WABA's phone-number ids to their digits, which is how
 * Graph names numbers in analytics (filters and the PHONE dimension alike).
 */
export interface FoldContext {
  readonly buckets: readonly Bucket[];
  readonly numbers: ReadonlyMap<string, string>;
}

const slotBucket = (buckets: readonly Bucket[], slot: number): Bucket | undefined => buckets[bucketIndex(buckets, slot * SLOT_SECONDS)];
const passes = <T>(filter: readonly T[], value: T): boolean => filter.length === 0 || filter.includes(value);
const countryOf = (prefix: string): string => billingCountry(prefix) ?? '';

/** 0 = template and 2 = non-template (both sent by the business), 100 = inbound (Meta's guide). */
const productTypeOf = (row: MessageSlotRow): ProductType => (row.direction === 'in' ? 100 : row.template ? 0 : 2);

/**
 * `analytics`: every bucket, zeros included. A business message counts as sent once Meta took it
 * (sent, delivered or read) and as delivered once it reached the phone; an inbound message (product
 * type 100) was sent by the user and delivered to the business. With no product_types, all count,
 * as Meta's guide says of an omitted list.
 */
export function messagingRows(query: MessagingAnalyticsQuery, rows: readonly MessageSlotRow[], ctx: FoldContext): { rows: MessagingRow[]; countries: string[] } {
  const totals = ctx.buckets.map((b) => ({ start: b.start, end: b.end, sent: 0, delivered: 0 }));
  const countries = new Set<string>();
  for (const row of rows) {
    const at = bucketIndex(ctx.buckets, row.slot * SLOT_SECONDS);
    const number = ctx.numbers.get(row.phoneNumberId);
    const country = countryOf(row.prefix);
    if (at < 0 || number === undefined || !passes(query.phoneNumbers, number) || !passes(query.countryCodes, country)) continue;
    if (!passes(query.productTypes, productTypeOf(row))) continue;
    const inbound = row.direction === 'in';
    const sent = inbound || ['sent', 'delivered', 'read'].includes(row.status);
    const delivered = inbound || ['delivered', 'read'].includes(row.status);
    if (!sent) continue;
    if (country !== '') countries.add(country);
    const total = totals[at]!;
    total.sent += row.count;
    if (delivered) total.delivered += row.count;
  }
  return { rows: totals, countries: [...countries].sort() };
}

/** Ledger spellings (`authentication-international`, `free_entry_point`) to Graph's enums. */
const graphEnum = (value: string): string => value.toUpperCase().replace(/-/g, '_');

/** `pricing_analytics`: one row per slot and ledger group; shapes.ts merges them on the asked dimensions. */
export function pricingRows(query: PricingAnalyticsQuery, rows: readonly ChargeSlotRow[], ctx: FoldContext): PricingRow[] {
  const out: PricingRow[] = [];
  for (const row of rows) {
    const bucket = slotBucket(ctx.buckets, row.slot);
    const phoneNumber = ctx.numbers.get(row.phoneNumberId);
    const pricingType = graphEnum(row.pricingType) as PricingType;
    const pricingCategory = graphEnum(row.pricingCategory) as PricingCategory;
    if (!bucket || phoneNumber === undefined || !passes(query.phoneNumbers, phoneNumber) || !passes(query.countryCodes, row.country)) continue;
    if (!passes(query.pricingTypes, pricingType) || !passes(query.pricingCategories, pricingCategory)) continue;
    if (query.tiers.length > 0 && (row.tier === null || !query.tiers.includes(row.tier))) continue;
    // A free message counts toward no tier (shapes.ts leaves `tier` out of its points).
    const tier = row.billable > 0 ? row.tier : null;
    out.push({ ...bucket, phoneNumber, country: row.country, tier, pricingType, pricingCategory, volume: row.volume, costMicros: row.amountMicros });
  }
  return out;
}

const CONVERSATION_TYPES: Readonly<Record<string, ConversationType>> = {
  regular: 'REGULAR',
  free_entry_point: 'FREE_ENTRY_POINT',
  free_customer_service: 'FREE_TIER',
};

/**
 * `conversation_analytics` from conversation-priced ledger entries (deliveries before 1 July 2025);
 * each entry stands for the conversation it was charged in. A service conversation is one the user
 * began; every other category is business-initiated (spec §7.3).
 */
export function conversationRows(query: ConversationAnalyticsQuery, rows: readonly ChargeSlotRow[], ctx: FoldContext): ConversationRow[] {
  const out: ConversationRow[] = [];
  for (const row of rows) {
    const bucket = slotBucket(ctx.buckets, row.slot);
    const phoneNumber = ctx.numbers.get(row.phoneNumberId);
    const conversationType = CONVERSATION_TYPES[row.pricingType] ?? 'UNKNOWN';
    const conversationCategory = graphEnum(row.pricingCategory) as ConversationCategory;
    const conversationDirection = row.pricingCategory === 'service' ? 'USER_INITIATED' : 'BUSINESS_INITIATED';
    if (!bucket || phoneNumber === undefined || !passes(query.phoneNumbers, phoneNumber) || !passes(query.countryCodes, row.country)) continue;
    if (!passes(query.conversationTypes, conversationType) || !passes(query.conversationCategories, conversationCategory)) continue;
    if (!passes(query.conversationDirections, conversationDirection)) continue;
    out.push({ ...bucket, phoneNumber, country: row.country, conversationType, conversationDirection, conversationCategory, conversation: row.volume, costMicros: row.amountMicros });
  }
  return out;
}
