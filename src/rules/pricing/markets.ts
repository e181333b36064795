/**
 * Meta's pricing markets and rate categories, spelled exactly as Meta's rate cards spell them
 * (spec §7.1). A market is either a standalone country or a regional group; the group list and
 * the "Other" bucket come from Meta's pricing page (see market-map.ts for the country lists).
 */

/** Standalone markets on the 1 Jul 2025 card (spec §7.1; Meta pricing page, rate cards). */
export const STANDALONE_MARKETS_2025 = [
  'Argentina', 'Brazil', 'Chile', 'Colombia', 'Egypt', 'France', 'Germany', 'India', 'Indonesia', 'Israel', 'Italy',
  'Malaysia', 'Mexico', 'Netherlands', 'Nigeria', 'Pakistan', 'Peru', 'Russia', 'Saudi Arabia', 'South Africa',
  'Spain', 'Turkey', 'United Arab Emirates', 'United Kingdom',
] as const;

/** Regional groups; "North America" is the United States and Canada together. */
export const REGIONS = [
  'North America', 'Rest of Africa', 'Rest of Asia Pacific', 'Rest of Central & Eastern Europe',
  'Rest of Latin America', 'Rest of Middle East', 'Rest of Western Europe', 'Other',
] as const;

/**
 * Countries Meta moved out of their regional group onto their own rate in 2026 (changelog #399,
 * Meta pricing page as read via third-party copies): six on 1 Jul 2026, nine on 1 Oct 2026. No
 * shipped card prices them yet; a card that does (Meta's current CSV, uploaded) makes them apply.
 */
export const STANDALONE_MARKETS_2026 = [
  'Hong Kong', 'Hungary', 'Poland', 'Qatar', 'Romania', 'Singapore',
  'Bangladesh', 'Iraq', 'Kazakhstan', 'Kuwait', 'Morocco', 'Nepal', 'Oman', 'Sri Lanka', 'Ukraine',
] as const;

export type RegionName = (typeof REGIONS)[number];
export type MarketName = (typeof STANDALONE_MARKETS_2025)[number] | RegionName | (typeof STANDALONE_MARKETS_2026)[number];

export const MARKETS: readonly MarketName[] = [...STANDALONE_MARKETS_2025, ...REGIONS, ...STANDALONE_MARKETS_2026];

export const isMarketName = (value: string): value is MarketName => (MARKETS as readonly string[]).includes(value);

/**
 * Rate card categories. `authentication-international` keeps Meta's hyphen (spec §4.5); `service`
 * appears on cards from 1 Oct 2026, when service messages become billable (spec §7.2).
 */
export const RATE_CATEGORIES = ['marketing', 'utility', 'authentication', 'authentication-international', 'service'] as const;
export type RateCategory = (typeof RATE_CATEGORIES)[number];

export const isRateCategory = (value: string): value is RateCategory => (RATE_CATEGORIES as readonly string[]).includes(value);

/** Only utility and authentication have volume tiers; every other category is one tier, `0:MAX` (spec §7.1). */
export const TIERED_CATEGORIES: readonly RateCategory[] = ['utility', 'authentication'];
