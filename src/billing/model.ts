/**
 * The price of one delivered outbound message, and the `pricing` object Meta's status webhook
 * carries for it (spec §4.5, §7). Pure: the caller passes the counters and the card in force, and
 * adds this message to the counters the result names once the price is stored.
 */
import type { MarketName, RateCategory } from '../rules/pricing/markets.js';
import { markupMicros, NO_MARKUP, type Markup } from './markup.js';
import { ratesFor, tierFor, type RateCard, type RateTier } from './rate-card.js';
import { decidePricing, PricingError, type DecideInput, type PricingDecision, type WebhookPricing } from '../rules/pricing/decide.js';

/** What prices a message: Meta's decision inputs (rules/pricing/decide.ts), the card and the counters. */
export interface PriceInput extends DecideInput {
  /** The business is subject to the authentication-international rate in this market (eligible, based elsewhere, past its start time). */
  readonly authenticationInternational?: boolean;
  /** Charged messages the portfolio already had this billing month in this market and the message's rate category. */
  readonly volumeThisMonth: number;
  readonly market: MarketName;
  readonly card: RateCard;
  readonly markup?: Markup;
}

/** A priced message: its decision (rule set, `pricing`), its charge, and the card it came from. */
export type PriceResult = PricingDecision & Charge & { readonly cardVersion: string; readonly currency: string; readonly market: MarketName };


export interface Charge {
  /** The rate applied, when billable: its category, Meta-style tier (`0:MAX`) and whether the card marks it an estimate. */
  readonly rate?: { readonly category: RateCategory; readonly tier: string; readonly rateMicros: number; readonly estimate: boolean };
  readonly metaMicros: number;
  readonly markupMicros: number;
  readonly totalMicros: number;
  /** The volume counter (this market × category) this message adds 1 to; only charged templates count (spec §7.1). */
  readonly volumeCategory?: RateCategory;
}

const NO_CHARGE: Charge = { metaMicros: 0, markupMicros: 0, totalMicros: 0 };

/**
 * What a delivered message costs, given the `pricing` object Meta reported for it: nothing unless
 * billable; else the card's rate for its market and category at the tier of the portfolio's
 * `volumeThisMonth + 1`-th charged message, plus the BSP markup.
 */
export function chargeFor(options: {
  pricing: WebhookPricing;
  market: MarketName;
  card: RateCard;
  volumeThisMonth: number;
  markup?: Markup | undefined;
  authenticationInternational?: boolean | undefined;
}): Charge {
  const { pricing, card, market } = options;
  if (!Number.isSafeInteger(options.volumeThisMonth) || options.volumeThisMonth < 0) {
    throw new RangeError(`volumeThisMonth must be a whole, non-negative count, got ${options.volumeThisMonth}`);
  }
  if (!pricing.billable) return NO_CHARGE;
  if (pricing.category === 'service') {
    // Past the allowance: billed at the card's service rate, else the utility list rate, without
    // volume tiers (spec §7.2; BSP notices: "utility/authentication rate, with no volume tiers").
    const tiers = ratesFor(card, market, 'service') ?? ratesFor(card, market, 'utility')?.slice(0, 1);
    return { ...charge({ card, market, category: 'service', tiers, ordinal: 1, markup: options.markup }), volumeCategory: undefined };
  }
  if (pricing.category === 'referral_conversion') return NO_CHARGE;
  const international = pricing.category === 'authentication' && options.authenticationInternational === true && ratesFor(card, market, 'authentication-international') !== undefined;
  const category: RateCategory = international ? 'authentication-international' : pricing.category;
  return charge({ card, market, category, tiers: ratesFor(card, market, category), ordinal: options.volumeThisMonth + 1, markup: options.markup });
}

/** Prices one delivered message: its `pricing` object by the rules of its date, and its charge by the card. */
export function priceMessage(input: PriceInput): PriceResult {
  const decision = decidePricing(input);
  const charged = chargeFor({ pricing: decision.pricing, market: input.market, card: input.card, volumeThisMonth: input.volumeThisMonth, markup: input.markup, authenticationInternational: input.authenticationInternational });
  // Meta's webhook names the international rate as the category when it applies (spec §4.5).
  const pricing = charged.rate?.category === 'authentication-international' ? { ...decision.pricing, category: charged.rate.category } : decision.pricing;
  return { ...decision, ...charged, pricing, cardVersion: input.card.version, currency: input.card.currency, market: input.market };
}

/** A billable charge at the tier of the `ordinal`-th charged message of the month. */
function charge(options: { card: RateCard; market: MarketName; category: RateCategory; tiers: readonly RateTier[] | undefined; ordinal: number; markup: Markup | undefined }): Charge {
  const { card, market, category, tiers, ordinal } = options;
  if (!tiers || tiers.length === 0) throw new PricingError('no-rate', `card ${card.version} has no ${category} rate for ${market}`);
  const { tier, label } = tierFor(tiers, ordinal);
  const markup = markupMicros(tier.rateMicros, options.markup ?? NO_MARKUP);
  return {
    rate: { category, tier: label, rateMicros: tier.rateMicros, estimate: tier.estimate },
    metaMicros: tier.rateMicros,
    markupMicros: markup,
    totalMicros: tier.rateMicros + markup,
    volumeCategory: category,
  };
}
