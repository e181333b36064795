/**
 * What Meta accepts on each analytics query (spec/cloud-api.md §8.4). The enums are those of Meta's
 * generated Graph SDK, built from the Graph schema (facebook/facebook-python-business-sdk,
 * facebook_business/adobjects/whatsappbusinessaccount.py: get_conversation_analytics,
 * get_pricing_analytics, get_template_analytics), checked against Meta's analytics guide
 * (developers.facebook.com/documentation/business-messaging/whatsapp/analytics, updated Apr 2026).
 * Where the two differ, the note on the list says which way we went.
 */

/** `analytics` says DAY/MONTH where every other query says DAILY/MONTHLY (guide; waba-analytics reference). */
export const MESSAGING_GRANULARITIES = ['HALF_HOUR', 'DAY', 'MONTH'] as const;
export const PERIOD_GRANULARITIES = ['HALF_HOUR', 'DAILY', 'MONTHLY'] as const;

/** 0 = template, 2 = non-template (both sent by the business), 100 = inbound (guide only; no SDK enum). */
export const PRODUCT_TYPES = [0, 2, 100] as const;

export const PRICING_METRICS = ['COST', 'VOLUME'] as const;
export const PRICING_TYPES = ['REGULAR', 'FREE_CUSTOMER_SERVICE', 'FREE_ENTRY_POINT', 'FREE_GROUP_CUSTOMER_SERVICE'] as const;
/** The SDK's list plus REFERRAL_CONVERSION, which the guide lists and the SDK lacks. */
export const PRICING_CATEGORIES = [
  'AUTHENTICATION',
  'AUTHENTICATION_INTERNATIONAL',
  'MARKETING',
  'MARKETING_LITE',
  'MARKETING_LITE_DYNAMIC',
  'UTILITY',
  'SERVICE',
  'REFERRAL_CONVERSION',
  'GROUP_MARKETING',
  'GROUP_MARKETING_LITE',
  'GROUP_UTILITY',
  'GROUP_SERVICE',
] as const;
export const PRICING_DIMENSIONS = ['COUNTRY', 'PHONE', 'PRICING_CATEGORY', 'PRICING_TYPE', 'TIER'] as const;

/** The SDK also lists UNKNOWN as a metric and a dimension; asking for either means nothing, so we refuse them. */
export const CONVERSATION_METRICS = ['COST', 'CONVERSATION'] as const;
export const CONVERSATION_CATEGORIES = ['AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'MARKETING', 'MARKETING_LITE', 'UTILITY', 'SERVICE'] as const;
/** The guide's prose says FREE_ENTRY; the schema and every example response say FREE_ENTRY_POINT (see CONVERSATION_TYPE_ALIASES). */
export const CONVERSATION_TYPES = ['REGULAR', 'FREE_ENTRY_POINT', 'FREE_TIER', 'UNKNOWN'] as const;
export const CONVERSATION_TYPE_ALIASES: Readonly<Record<string, string>> = { FREE_ENTRY: 'FREE_ENTRY_POINT' };
export const CONVERSATION_DIRECTIONS = ['BUSINESS_INITIATED', 'USER_INITIATED', 'UNKNOWN'] as const;
export const CONVERSATION_DIMENSIONS = ['CONVERSATION_CATEGORY', 'CONVERSATION_DIRECTION', 'CONVERSATION_TYPE', 'COUNTRY', 'PHONE'] as const;

/**
 * Cloud API template metrics. Meta also accepts REPLIED (SDK only) and the Marketing Messages
 * conversion metrics (APP_*, WEBSITE_*); chatapp has no data for them, so they are refused.
 */
export const TEMPLATE_METRICS = ['SENT', 'DELIVERED', 'READ', 'CLICKED', 'COST'] as const;
/** The guide names MARKETING_MESSAGES_API_FOR_WHATSAPP; the SDK still has the older MARKETING_MESSAGES_LITE_API. */
export const TEMPLATE_PRODUCT_TYPES = ['CLOUD_API', 'MARKETING_MESSAGES_API_FOR_WHATSAPP', 'MARKETING_MESSAGES_LITE_API'] as const;
/** The guide: "template_ids … Maximum 10". */
export const MAX_TEMPLATE_IDS = 10;

export type MessagingGranularity = (typeof MESSAGING_GRANULARITIES)[number];
export type PeriodGranularity = (typeof PERIOD_GRANULARITIES)[number];
export type ProductType = (typeof PRODUCT_TYPES)[number];
export type PricingMetric = (typeof PRICING_METRICS)[number];
export type PricingType = (typeof PRICING_TYPES)[number];
export type PricingCategory = (typeof PRICING_CATEGORIES)[number];
export type PricingDimension = (typeof PRICING_DIMENSIONS)[number];
export type ConversationMetric = (typeof CONVERSATION_METRICS)[number];
export type ConversationCategory = (typeof CONVERSATION_CATEGORIES)[number];
export type ConversationType = (typeof CONVERSATION_TYPES)[number];
export type ConversationDirection = (typeof CONVERSATION_DIRECTIONS)[number];
export type ConversationDimension = (typeof CONVERSATION_DIMENSIONS)[number];
export type TemplateMetric = (typeof TEMPLATE_METRICS)[number];
export type TemplateProductType = (typeof TEMPLATE_PRODUCT_TYPES)[number];

/** How a modifier's argument reads: one unix timestamp, one bare value, or a list. */
export type ModifierKind = 'timestamp' | 'value' | 'list';

/** The modifiers each field expansion takes (`GET /{waba}?fields=<field>.<modifier>(…)…`). */
export const EXPANSION_MODIFIERS = {
  analytics: { start: 'timestamp', end: 'timestamp', granularity: 'value', phone_numbers: 'list', product_types: 'list', country_codes: 'list' },
  pricing_analytics: {
    start: 'timestamp',
    end: 'timestamp',
    granularity: 'value',
    phone_numbers: 'list',
    country_codes: 'list',
    metric_types: 'list',
    pricing_types: 'list',
    pricing_categories: 'list',
    dimensions: 'list',
    tiers: 'list',
  },
  conversation_analytics: {
    start: 'timestamp',
    end: 'timestamp',
    granularity: 'value',
    phone_numbers: 'list',
    country_codes: 'list',
    metric_types: 'list',
    conversation_categories: 'list',
    conversation_types: 'list',
    conversation_directions: 'list',
    dimensions: 'list',
  },
} as const satisfies Record<string, Record<string, ModifierKind>>;

export type AnalyticsField = keyof typeof EXPANSION_MODIFIERS;

export const isAnalyticsField = (name: string): name is AnalyticsField => Object.hasOwn(EXPANSION_MODIFIERS, name);
