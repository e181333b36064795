/**
 * Messaging limits on the simulated platform (spec §6.3): a business portfolio may reach this many
 * unique users with business-initiated messages outside a customer service window in a moving 24
 * hours. Tiers rise 250 → 2K (a scaling path: business verification) → 10K → 100K → unlimited
 * (automatic: high quality and at least half of the limit used in the last 7 days, 6 hours later).
 */
export const tiers = ['TIER_250', 'TIER_2K', 'TIER_10K', 'TIER_100K', 'TIER_UNLIMITED'] as const;
export type Tier = (typeof tiers)[number];

export const tierLimit: Readonly<Record<Tier, number>> = {
  TIER_250: 250,
  TIER_2K: 2_000,
  TIER_10K: 10_000,
  TIER_100K: 100_000,
  TIER_UNLIMITED: Number.POSITIVE_INFINITY,
};

export const REACH_WINDOW_MS = 24 * 3600 * 1000;
export const SCALING_WINDOW_MS = 7 * 24 * 3600 * 1000;
export const SCALING_DELAY_MS = 6 * 3600 * 1000;

export const asTier = (value: string | undefined): Tier => ((tiers as readonly string[]).includes(value ?? '') ? (value as Tier) : 'TIER_250');

export const nextTier = (tier: Tier): Tier | undefined => tiers[tiers.indexOf(tier) + 1];

/**
 * Whether a portfolio has earned automatic scaling: past the 2K scaling path, not yet unlimited,
 * every number of good quality, and at least half its limit reached in the last 7 days.
 */
export function earnsScaling(input: { tier: Tier; reachedIn7Days: number; qualityOk: boolean }): boolean {
  if (input.tier === 'TIER_250' || input.tier === 'TIER_UNLIMITED' || !input.qualityOk) return false;
  return input.reachedIn7Days >= tierLimit[input.tier] / 2;
}

/** The throughput upgrade (spec §6.4): 1,000 messages a second once the portfolio is unlimited. */
export const THROUGHPUT_UPGRADE_MS = 60_000;

/**
 * Whether a STANDARD number earns the HIGH level: its portfolio is unlimited, it reached at least
 * `usersNeeded` unique users outside a window in 24 hours (100,000 on Meta's platform), and its
 * quality is YELLOW or better.
 */
export function earnsThroughputUpgrade(input: { tier: Tier; level: string; reachedIn24h: number; usersNeeded: number; quality: string }): boolean {
  return input.level === 'STANDARD' && input.tier === 'TIER_UNLIMITED' && input.reachedIn24h >= input.usersNeeded && input.quality !== 'RED';
}
