import { describe, expect, it } from 'vitest';
import { checkMarkup } from '../../src/billing/markup.js';
import { priceMessage, type PriceInput } from '../../src/billing/model.js';
import { PricingError } from '../../src/rules/pricing/decide.js';
import { roundToCents } from '../../src/billing/money.js';
import { parseRateCard } from '../../src/billing/rate-card.js';
import { ruleSetAt } from '../../src/rules/pricing/rule-sets.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

// A small card with tiers, so tier crossings are visible; USD list rates as Meta prints them.
const card = parseRateCard(`version,test-tiers
currency,USD
effective_from,2025-07-01
market,category,tier_from,rate,source
India,marketing,0,0.0118,A
India,utility,0,0.0014,A
India,utility,750001,0.0012,A
India,authentication,0,0.0014,A
India,authentication-international,0,0.0280,A
North America,marketing,0,0.0250,A
North America,utility,0,0.0034,A
North America,authentication,0,0.0034,A
`);

const SEP_2025 = at('2025-09-15T12:00:00Z');
const NOV_2026 = at('2026-11-15T12:00:00Z');

const message = (overrides: Partial<PriceInput> = {}): PriceInput => ({
  deliveredAt: SEP_2025,
  serviceWindowOpen: false,
  freeEntryPointOpen: false,
  serviceDeliveredThisMonth: 0,
  volumeThisMonth: 0,
  market: 'India',
  card,
  ...overrides,
});

describe('per-message pricing from 1 Jul 2025 (spec §7.1)', () => {
  it('charges a marketing template at the market rate, with the webhook pricing of a regular message', () => {
    const result = priceMessage(message({ templateCategory: 'marketing' }));
    expect(result.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'marketing' });
    expect(result).toMatchObject({ ruleSet: 'pmp-2025-07', cardVersion: 'test-tiers', currency: 'USD', metaMicros: 11800, totalMicros: 11800, volumeCategory: 'marketing' });
    expect(result.rate).toEqual({ category: 'marketing', tier: '0:MAX', rateMicros: 11800, estimate: false });
  });

  it('gives a non-template message free as service, and counts it toward the number\'s service messages', () => {
    const result = priceMessage(message({ serviceWindowOpen: true }));
    expect(result.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
    expect(result).toMatchObject({ metaMicros: 0, totalMicros: 0, countsTowardServiceAllowance: true });
    expect(result.volumeCategory).toBeUndefined();
  });

  it('gives a utility template free inside an open customer service window and charges it outside', () => {
    expect(priceMessage(message({ templateCategory: 'utility', serviceWindowOpen: true })).pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'utility' });
    expect(priceMessage(message({ templateCategory: 'utility' }))).toMatchObject({ pricing: { type: 'regular', category: 'utility' }, metaMicros: 1400 });
  });

  it('charges marketing and authentication templates even inside an open window', () => {
    expect(priceMessage(message({ templateCategory: 'marketing', serviceWindowOpen: true })).pricing.billable).toBe(true);
    expect(priceMessage(message({ templateCategory: 'authentication', serviceWindowOpen: true })).metaMicros).toBe(1400);
  });

  it('makes every message free in a free entry point window, templates included (spec §6.2)', () => {
    for (const templateCategory of ['marketing', 'utility', 'authentication', undefined] as const) {
      const result = priceMessage(message({ templateCategory, freeEntryPointOpen: true, serviceWindowOpen: true }));
      expect(result.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_entry_point', category: 'referral_conversion' });
      expect(result.totalMicros).toBe(0);
      expect(result.countsTowardServiceAllowance).toBe(false);
    }
  });

  it('charges the authentication-international rate when the business is subject to it and the market has one', () => {
    const result = priceMessage(message({ templateCategory: 'authentication', authenticationInternational: true }));
    expect(result.pricing.category).toBe('authentication-international');
    expect(result.metaMicros).toBe(28000);
    expect(priceMessage(message({ market: 'North America', templateCategory: 'authentication', authenticationInternational: true })).pricing.category).toBe('authentication');
  });

  it('refuses messages delivered before per-message pricing began', () => {
    expect(() => priceMessage(message({ deliveredAt: at('2025-06-30T23:59:59Z'), templateCategory: 'marketing' }))).toThrow(PricingError);
  });

  it('names the market and card when the card has no rate for a billable message', () => {
    expect(() => priceMessage(message({ market: 'Brazil', templateCategory: 'marketing' }))).toThrow(/test-tiers has no marketing rate for Brazil/);
  });
});

describe('the change of 1 Oct 2026 (spec §7.2)', () => {
  it('switches rules at midnight: 23:59:59 on 30 Sep 2026 keeps utility free in the window, 00:00 on 1 Oct charges it', () => {
    const before = priceMessage(message({ deliveredAt: at('2026-09-30T23:59:59Z'), templateCategory: 'utility', serviceWindowOpen: true }));
    const after = priceMessage(message({ deliveredAt: at('2026-10-01T00:00:00Z'), templateCategory: 'utility', serviceWindowOpen: true }));
    expect([before.ruleSet, before.pricing.type, before.metaMicros]).toEqual(['pmp-2025-07', 'free_customer_service', 0]);
    expect([after.ruleSet, after.pricing.type, after.pricing.category, after.metaMicros]).toEqual(['pmp-2026-10', 'regular', 'utility', 1400]);
  });

  it('switches at midnight in the WABA time zone, not in UTC', () => {
    expect(ruleSetAt(at('2026-10-01T06:59:59Z'), 'America/Los_Angeles')).toBe('pmp-2025-07');
    expect(ruleSetAt(at('2026-10-01T07:00:00Z'), 'America/Los_Angeles')).toBe('pmp-2026-10');
    expect(ruleSetAt(at('2026-09-30T22:00:00Z'), 'Asia/Kolkata')).toBe('pmp-2026-10');
  });

  it('keeps the 1,000th service message of the month free and charges the 1,001st at the utility list rate', () => {
    const thousandth = priceMessage(message({ deliveredAt: NOV_2026, serviceWindowOpen: true, serviceDeliveredThisMonth: 999 }));
    const next = priceMessage(message({ deliveredAt: NOV_2026, serviceWindowOpen: true, serviceDeliveredThisMonth: 1000 }));
    expect(thousandth.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });
    expect(next.pricing).toEqual({ billable: true, pricing_model: 'PMP', type: 'regular', category: 'service' });
    expect(next.rate).toEqual({ category: 'service', tier: '0:MAX', rateMicros: 1400, estimate: false });
    expect([thousandth.countsTowardServiceAllowance, next.countsTowardServiceAllowance, next.volumeCategory]).toEqual([true, true, undefined]);
  });

  it('prices service past the allowance without volume tiers, even deep into a month', () => {
    const result = priceMessage(message({ deliveredAt: NOV_2026, serviceDeliveredThisMonth: 5000, volumeThisMonth: 2_000_000 }));
    expect(result.metaMicros).toBe(1400);
  });

  it('prefers a service rate printed on the card over the utility rate', () => {
    const withService = parseRateCard('version,svc\ncurrency,USD\neffective_from,2026-10-01\nmarket,category,tier_from,rate\nIndia,utility,0,0.0014\nIndia,service,0,0.0013\n');
    expect(priceMessage(message({ deliveredAt: NOV_2026, card: withService, serviceDeliveredThisMonth: 1000 })).metaMicros).toBe(1300);
  });

  it('keeps the free entry point window free under the new rules', () => {
    expect(priceMessage(message({ deliveredAt: NOV_2026, freeEntryPointOpen: true, serviceDeliveredThisMonth: 4000 })).pricing.type).toBe('free_entry_point');
  });
});

describe('volume tiers', () => {
  it('charges the lower rate only from the first message inside the higher tier', () => {
    const last = priceMessage(message({ templateCategory: 'utility', volumeThisMonth: 749_999 }));
    const first = priceMessage(message({ templateCategory: 'utility', volumeThisMonth: 750_000 }));
    expect([last.rate?.tier, last.metaMicros]).toEqual(['0:750000', 1400]);
    expect([first.rate?.tier, first.metaMicros]).toEqual(['750001:MAX', 1200]);
  });

  it('adds up a month that crosses a tier exactly, to the cent', () => {
    let volume = 749_990;
    let total = 0;
    for (let i = 0; i < 20; i++) {
      const result = priceMessage(message({ templateCategory: 'utility', volumeThisMonth: volume }));
      total += result.totalMicros;
      if (result.volumeCategory === 'utility') volume++;
    }
    expect(total).toBe(10 * 1400 + 10 * 1200);
    expect(roundToCents(total)).toBe(30_000);
  });
});

describe('BSP markup', () => {
  it('adds a fixed fee and a percentage to billable messages, kept apart from Meta\'s cost', () => {
    const markup = checkMarkup({ fixedMicros: 5000, percentBasisPoints: 1250 });
    const result = priceMessage(message({ templateCategory: 'marketing', markup }));
    expect(result).toMatchObject({ metaMicros: 11800, markupMicros: 5000 + 1475, totalMicros: 11800 + 6475 });
  });

  it('adds nothing to free messages', () => {
    const result = priceMessage(message({ serviceWindowOpen: true, markup: { fixedMicros: 5000, percentBasisPoints: 1000 } }));
    expect([result.markupMicros, result.totalMicros]).toEqual([0, 0]);
  });
});

describe('input checks', () => {
  it('refuses a negative or fractional counter instead of pricing from it', () => {
    expect(() => priceMessage(message({ templateCategory: 'utility', volumeThisMonth: -1 }))).toThrow(/volumeThisMonth/);
    expect(() => priceMessage(message({ serviceDeliveredThisMonth: 1.5 }))).toThrow(/serviceDeliveredThisMonth/);
  });
});
