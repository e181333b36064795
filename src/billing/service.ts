import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter } from '../core/graph-errors.js';
import { TtlCache } from '../core/ttl-cache.js';
import { CUSTOMER_SERVICE_WINDOW_MS, windowOpen } from '../rules/window.js';
import type { PhoneNumber, Waba } from '../numbers/model.js';
import type { Executor, Store } from '../store/database.js';
import { billingMonth } from '../rules/pricing/calendar.js';
import { checkUploadedCard } from './card-upload.js';
import { entryPointAt, ENTRY_POINT_MS } from '../rules/pricing/entry-point.js';
import { billingCountry, marketFor } from './market-map.js';
import { TIERED_CATEGORIES, type RateCategory } from '../rules/pricing/markets.js';
import { checkMarkup, NO_MARKUP, type Markup } from './markup.js';
import { formatMicros } from './money.js';
import { ianaTimeZoneFor } from '../rules/pricing/meta-timezones.js';
import { decidePricing, PricingError, type TemplateCategory, type WebhookPricing } from '../rules/pricing/decide.js';
import { chargeFor, type PriceResult } from './model.js';
import { cardInForce, parseRateCard, type RateCard } from './rate-card.js';
import { ruleSetAt } from '../rules/pricing/rule-sets.js';
import { loadShippedCards } from './shipped-cards.js';
import * as sql from './store.js';

export interface BillingServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly platformWaba: (id: string) => Promise<Waba | undefined>;
  readonly log?: { warn(obj: object, msg: string): void };
}

/** A delivered message as the ledger needs it. */
export interface Delivered {
  readonly messageId: string;
  readonly businessId: BusinessId;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly template: string | null;
}

/** What chatapp knows of a user's windows with a number, for a prediction. */
export interface WindowFacts {
  readonly lastInboundAt: number | undefined;
  readonly referralAt: number | null;
  readonly entryPointUntil: number | null;
}

const CARDS_CACHE_MS = 5_000;

/**
 * Prices messages (spec §7): the ledger entry of each delivery, priced by the rate card in force on
 * its date in the WABA's time zone from the `pricing` Meta reported, the business's markup and
 * monthly volume; and predictions of the same before a send (dry runs).
 */
export class BillingService {
  readonly #o: BillingServiceOptions;
  readonly #shipped: readonly RateCard[];
  readonly #cards = new TtlCache<BusinessId, readonly RateCard[]>(CARDS_CACHE_MS);
  readonly #settings = new TtlCache<BusinessId, sql.BillingSettings | undefined>(CARDS_CACHE_MS);

  constructor(options: BillingServiceOptions) {
    this.#o = options;
    this.#shipped = loadShippedCards();
  }

  /** Shipped cards, then the business's own (later ones win a tie on the same date). */
  cardsFor(businessId: BusinessId): Promise<readonly RateCard[]> {
    return this.#cards.get(businessId, async () => {
      const own = await sql.listOwnCards(this.#o.store.db, businessId);
      return [...this.#shipped, ...own.map((c) => parseRateCard(c.csv))];
    });
  }

  async settings(businessId: BusinessId): Promise<sql.BillingSettings> {
    return (await this.#settings.get(businessId, () => sql.findSettings(this.#o.store.db, businessId))) ?? { markup: NO_MARKUP, budgetMicros: null, budgetWarnPercent: null, warnedMonth: null };
  }

  /**
   * What pricing a delivery needs besides the ledger itself (the WABA's time zone, the card in
   * force, the markup): read before the transaction that records it, whose connection SQLite
   * would otherwise wait for.
   */
  async prepare(input: { businessId: BusinessId; wabaId: string; deliveredAt: number }): Promise<PricingContext | undefined> {
    const at = Math.floor(input.deliveredAt / 1000);
    const timeZone = await this.#timeZone(input.wabaId);
    const card = cardInForce(await this.cardsFor(input.businessId), { deliveredAt: at, timeZone });
    return card && { at, timeZone, card, settings: await this.settings(input.businessId) };
  }

  /**
   * The ledger entry of a delivered message, in the caller's transaction; once per message. Returns
   * the month it counts in and what it cost, for the budget.
   */
  async record(trx: Executor, input: { context: PricingContext; delivered: Delivered; pricing: WebhookPricing; deliveredAt: number }): Promise<Recorded> {
    const { delivered, pricing } = input;
    const { at, timeZone, card, settings } = input.context;
    const country = billingCountry(delivered.waId) ?? '';
    const market = marketFor({ country, card });
    const month = billingMonth(at, timeZone);
    const tiered = pricing.billable && (TIERED_CATEGORIES as readonly string[]).includes(pricing.category);
    const volumeThisMonth = tiered ? await sql.countVolume(trx, { businessId: delivered.businessId, month, market, rateCategory: pricing.category }) : 0;
    let charge: ReturnType<typeof chargeFor>;
    try {
      charge = chargeFor({ pricing, market, card, volumeThisMonth, markup: settings.markup });
    } catch (error) {
      if (!(error instanceof PricingError)) throw error;
      this.#o.log?.warn({ messageId: delivered.messageId, card: card.version, market }, `not priced: ${error.message}`);
      charge = { metaMicros: 0, markupMicros: 0, totalMicros: 0 };
    }
    await sql.insertCharge(trx, {
      message_id: delivered.messageId,
      business_id: delivered.businessId,
      waba_id: delivered.wabaId,
      phone_number_id: delivered.phoneNumberId,
      wa_id: delivered.waId,
      template: delivered.template,
      campaign: null,
      country,
      market,
      pricing_type: pricing.type,
      pricing_category: pricing.category,
      billable: pricing.billable ? 1 : 0,
      rate_category: charge.rate?.category ?? null,
      tier: charge.rate?.tier ?? null,
      rule_set: ruleSetAt(at, timeZone) ?? 'cbp',
      card_version: card.version,
      currency: card.currency,
      meta_micros: charge.metaMicros,
      markup_micros: charge.markupMicros,
      amount_micros: charge.totalMicros,
      month,
      delivered_at: input.deliveredAt,
    });
    return { month, amountMicros: charge.totalMicros, budgetWarning: await this.#budgetWarning(trx, { businessId: delivered.businessId, month, settings, amountMicros: charge.totalMicros }) };
  }

  /** The month's spend crossed the budget's warning share with this delivery: once per month, by a conditional update. */
  async #budgetWarning(trx: Executor, b: { businessId: BusinessId; month: string; settings: sql.BillingSettings; amountMicros: number }): Promise<Recorded['budgetWarning']> {
    const { budgetMicros, budgetWarnPercent, warnedMonth } = b.settings;
    if (b.amountMicros === 0 || budgetMicros === null || budgetWarnPercent === null || warnedMonth === b.month) return undefined;
    const spentMicros = await sql.spentThisMonth(trx, b.businessId, b.month);
    if (spentMicros * 100 < budgetMicros * budgetWarnPercent) return undefined;
    if (!(await sql.markWarned(trx, b.businessId, b.month))) return undefined;
    this.#settings.delete(b.businessId);
    return { month: b.month, spentMicros, limitMicros: budgetMicros, percent: budgetWarnPercent };
  }

  /** Ledger rows of a business in `[from, to)` (ms), oldest first; at most a million. */
  ledger(businessId: BusinessId, range: { from: number; to: number }): Promise<sql.ChargeRow[]> {
    return sql.listCharges(this.#o.store.db, { businessId, ...range, limit: 1_000_000 });
  }

  /** This (UTC) month's spend, for the console. */
  async currentSpend(businessId: BusinessId): Promise<{ month: string; spentMicros: number }> {
    const month = billingMonth(Math.floor(this.#o.clock.now() / 1000), 'UTC');
    return { month, spentMicros: await sql.spentThisMonth(this.#o.store.db, businessId, month) };
  }

  /**
   * What a message sent now would be billed, by the same rules Meta's side applies: the window it
   * falls in (customer service, free entry point), the number's service allowance, the card in
   * force, the portfolio's volume this month and the markup.
   */
  async quote(input: { number: PhoneNumber; waId: string; templateCategory: TemplateCategory | undefined; windows: WindowFacts; now: number }): Promise<Quote> {
    const { number, waId, now } = input;
    const at = Math.floor(now / 1000);
    const timeZone = await this.#timeZone(number.wabaId);
    const card = cardInForce(await this.cardsFor(number.businessId), { deliveredAt: at, timeZone });
    if (!card) throw invalidParameter('No rate card is in force for this date; upload one');
    const month = billingMonth(at, timeZone);
    const { windows } = input;
    const entry = entryPointAt({ referralAt: windows.referralAt, until: windows.entryPointUntil, openedAt: windows.entryPointUntil === null ? null : windows.entryPointUntil - ENTRY_POINT_MS }, now);
    const serviceWindowOpen = windowOpen(windows.lastInboundAt, now);
    const db = this.#o.store.db;
    const serviceDeliveredThisMonth = input.templateCategory === undefined ? await sql.countServiceMessages(db, { businessId: number.businessId, phoneNumberId: number.id, month }) : 0;
    const decision = decidePricing({
      deliveredAt: at,
      timeZone,
      ...(input.templateCategory ? { templateCategory: input.templateCategory } : {}),
      serviceWindowOpen,
      freeEntryPointOpen: entry.kind !== 'none',
      serviceDeliveredThisMonth,
    });
    const market = marketFor({ country: billingCountry(waId), card });
    const rateCategory = decision.pricing.category as RateCategory;
    const tiered = decision.pricing.billable && TIERED_CATEGORIES.includes(rateCategory);
    const volumeThisMonth = tiered ? await sql.countVolume(db, { businessId: number.businessId, month, market, rateCategory }) : 0;
    const settings = await this.settings(number.businessId);
    const charge = chargeFor({ pricing: decision.pricing, market, card, volumeThisMonth, markup: settings.markup });
    return {
      price: { ...decision, ...charge, cardVersion: card.version, currency: card.currency, market },
      serviceWindow: { open: serviceWindowOpen, until: windows.lastInboundAt === undefined ? null : windows.lastInboundAt + CUSTOMER_SERVICE_WINDOW_MS },
      entryPoint: entry,
      month,
      budget: settings.budgetMicros === null ? null : { limitMicros: settings.budgetMicros, spentMicros: await sql.spentThisMonth(db, number.businessId, month) },
    };
  }

  async setMarkup(businessId: BusinessId, markup: Markup): Promise<void> {
    const current = await this.settings(businessId);
    await sql.saveSettings(this.#o.store.db, businessId, { ...current, markup: checkMarkup(markup) }, this.#o.clock.now());
    this.#settings.delete(businessId);
  }

  async setBudget(businessId: BusinessId, budget: { limitMicros: number | null; warnPercent: number | null }): Promise<void> {
    if (budget.limitMicros !== null && (!Number.isSafeInteger(budget.limitMicros) || budget.limitMicros < 0)) throw invalidParameter('budget.amount must be a non-negative amount');
    if (budget.warnPercent !== null && (!Number.isInteger(budget.warnPercent) || budget.warnPercent < 1 || budget.warnPercent > 100)) throw invalidParameter('budget.warn_percent must be a whole percentage from 1 to 100');
    const current = await this.settings(businessId);
    await sql.saveSettings(this.#o.store.db, businessId, { ...current, budgetMicros: budget.limitMicros, budgetWarnPercent: budget.warnPercent }, this.#o.clock.now());
    this.#settings.delete(businessId);
  }

  /** A business's own card (CSV), refused whole with the line and column of its first problem. */
  async uploadCard(businessId: BusinessId, csv: string): Promise<RateCard> {
    const checked = checkUploadedCard(csv);
    if (!checked.ok) {
      if ('error' in checked) throw invalidParameter(`rate card: line ${checked.error.line}, column ${checked.error.column}: ${checked.error.message}`);
      throw invalidParameter(`rate card: no rate for ${checked.missing.slice(0, 5).map((m) => `${m.market} ${m.category}`).join(', ')}${checked.missing.length > 5 ? ` and ${checked.missing.length - 5} more` : ''}`);
    }
    const { card } = checked;
    await sql.saveOwnCard(this.#o.store.db, { businessId, version: card.version, effectiveFrom: card.effectiveFrom, currency: card.currency, csv, now: this.#o.clock.now() });
    this.#cards.delete(businessId);
    return card;
  }

  async #timeZone(wabaId: string): Promise<string> {
    return ianaTimeZoneFor((await this.#o.platformWaba(wabaId))?.timezoneId ?? '0');
  }
}

export interface Recorded {
  readonly month: string;
  readonly amountMicros: number;
  /** Set when this delivery took the month's spend past the budget's warning share. */
  readonly budgetWarning?: { readonly month: string; readonly spentMicros: number; readonly limitMicros: number; readonly percent: number } | undefined;
}

export interface PricingContext {
  readonly at: number;
  readonly timeZone: string;
  readonly card: RateCard;
  readonly settings: sql.BillingSettings;
}

export interface Quote {
  readonly price: PriceResult;
  readonly serviceWindow: { readonly open: boolean; readonly until: number | null };
  readonly entryPoint: ReturnType<typeof entryPointAt>;
  readonly month: string;
  readonly budget: { readonly limitMicros: number; readonly spentMicros: number } | null;
}

/** Why a quoted message may not go under the business's budget (131042's details), or undefined when it may. */
export function budgetProblem(quote: Quote): string | undefined {
  const { budget, price } = quote;
  if (!budget || price.totalMicros === 0 || budget.spentMicros + price.totalMicros <= budget.limitMicros) return undefined;
  return `This message (${formatMicros(price.totalMicros)} ${price.currency}) would take the month's spend past the budget of ${formatMicros(budget.limitMicros)} ${price.currency} (spent ${formatMicros(budget.spentMicros)}); raise the budget in the console`;
}
