import {
  CONVERSATION_CATEGORIES,
  CONVERSATION_DIMENSIONS,
  CONVERSATION_DIRECTIONS,
  CONVERSATION_METRICS,
  CONVERSATION_TYPE_ALIASES,
  CONVERSATION_TYPES,
  MESSAGING_GRANULARITIES,
  PERIOD_GRANULARITIES,
  PRICING_CATEGORIES,
  PRICING_DIMENSIONS,
  PRICING_METRICS,
  PRICING_TYPES,
  PRODUCT_TYPES,
  type AnalyticsField,
  type ConversationCategory,
  type ConversationDimension,
  type ConversationDirection,
  type ConversationMetric,
  type ConversationType,
  type MessagingGranularity,
  type PeriodGranularity,
  type PricingCategory,
  type PricingDimension,
  type PricingMetric,
  type PricingType,
  type ProductType,
} from './catalog.js';
import { paramReader, type ParamReader } from './params.js';
import { checkRange, fieldLookback } from './range.js';

/**
 * The three analytics fields of `GET /{waba}?fields=…` (spec §8.4), validated into typed queries.
 * An empty filter list means "no filter", as Meta documents ("If you send an empty list, we return
 * results for all …"); an empty `metric_types` is resolved here to every metric, so a presenter
 * only ever reads `metricTypes`.
 */
interface FieldRange {
  /** Unix seconds, as given (not rounded to a bucket). */
  readonly start: number;
  readonly end: number;
  readonly phoneNumbers: readonly string[];
  readonly countryCodes: readonly string[];
}

export interface MessagingAnalyticsQuery extends FieldRange {
  readonly field: 'analytics';
  readonly granularity: MessagingGranularity;
  readonly productTypes: readonly ProductType[];
}

export interface PricingAnalyticsQuery extends FieldRange {
  readonly field: 'pricing_analytics';
  readonly granularity: PeriodGranularity;
  readonly metricTypes: readonly PricingMetric[];
  readonly pricingTypes: readonly PricingType[];
  readonly pricingCategories: readonly PricingCategory[];
  readonly dimensions: readonly PricingDimension[];
  /** Volume tiers such as `0:750000` or `0:MAX` (the SDK lists a `tiers` filter; the guide does not). */
  readonly tiers: readonly string[];
}

export interface ConversationAnalyticsQuery extends FieldRange {
  readonly field: 'conversation_analytics';
  readonly granularity: PeriodGranularity;
  readonly metricTypes: readonly ConversationMetric[];
  readonly conversationCategories: readonly ConversationCategory[];
  readonly conversationTypes: readonly ConversationType[];
  readonly conversationDirections: readonly ConversationDirection[];
  readonly dimensions: readonly ConversationDimension[];
}

export type AnalyticsFieldQuery = MessagingAnalyticsQuery | PricingAnalyticsQuery | ConversationAnalyticsQuery;

/**
 * Validates one analytics field. `modifiers` is a parsed expansion's, or the query string of the
 * edge form (`GET /{waba}/pricing_analytics?start=…`); other keys (access_token, fields) are ignored.
 */
export function validateAnalyticsQuery(
  request: { readonly field: AnalyticsField; readonly modifiers: Readonly<Record<string, unknown>> },
  options: { readonly now: number },
): AnalyticsFieldQuery {
  const read = paramReader(request.field, request.modifiers);
  const range = readRange(read, { field: request.field, now: options.now });
  switch (request.field) {
    case 'analytics':
      return {
        field: 'analytics',
        ...range,
        granularity: read.oneOf('granularity', MESSAGING_GRANULARITIES),
        productTypes: read.numbersOf('product_types', PRODUCT_TYPES),
      };
    case 'pricing_analytics':
      return {
        field: 'pricing_analytics',
        ...range,
        granularity: read.oneOf('granularity', PERIOD_GRANULARITIES),
        metricTypes: allWhenEmpty(read.listOf('metric_types', PRICING_METRICS), PRICING_METRICS),
        pricingTypes: read.listOf('pricing_types', PRICING_TYPES),
        pricingCategories: read.listOf('pricing_categories', PRICING_CATEGORIES),
        dimensions: read.listOf('dimensions', PRICING_DIMENSIONS),
        tiers: read.matching('tiers', { pattern: /^\d+:(\d+|MAX)$/, what: 'a tier such as 0:750000 or 0:MAX' }),
      };
    case 'conversation_analytics':
      return {
        field: 'conversation_analytics',
        ...range,
        granularity: read.oneOf('granularity', PERIOD_GRANULARITIES),
        metricTypes: allWhenEmpty(read.listOf('metric_types', CONVERSATION_METRICS), CONVERSATION_METRICS),
        conversationCategories: read.listOf('conversation_categories', CONVERSATION_CATEGORIES),
        conversationTypes: read.listOf('conversation_types', CONVERSATION_TYPES, CONVERSATION_TYPE_ALIASES),
        conversationDirections: read.listOf('conversation_directions', CONVERSATION_DIRECTIONS),
        dimensions: read.listOf('dimensions', CONVERSATION_DIMENSIONS),
      };
    default: {
      const never: never = request.field;
      throw new RangeError(`not an analytics field: ${String(never)}`);
    }
  }
}

function readRange(read: ParamReader, options: { field: AnalyticsField; now: number }): FieldRange {
  const start = read.timestamp('start');
  const end = read.timestamp('end');
  checkRange({ start, end }, { field: options.field, now: options.now, lookback: fieldLookback(options.now) });
  return { start, end, phoneNumbers: read.phoneNumbers(), countryCodes: read.countryCodes() };
}

const allWhenEmpty = <T>(values: readonly T[], all: readonly T[]): readonly T[] => (values.length > 0 ? values : all);
