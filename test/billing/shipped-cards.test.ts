import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingRates } from '../../src/billing/card-upload.js';
import { marketFor } from '../../src/billing/market-map.js';
import { REGIONS, STANDALONE_MARKETS_2025 } from '../../src/rules/pricing/markets.js';
import { priceMessage } from '../../src/billing/model.js';
import { cardInForce, ratesFor } from '../../src/billing/rate-card.js';
import { loadShippedCards, shippedCardsDir } from '../../src/billing/shipped-cards.js';

const at = (iso: string): number => Date.parse(iso) / 1000;
const cards = loadShippedCards();
// Meta's nine authentication-international markets (Meta, "Authentication-international rates").
const INTERNATIONAL = ['Egypt', 'India', 'Indonesia', 'Malaysia', 'Nigeria', 'Pakistan', 'Saudi Arabia', 'South Africa', 'United Arab Emirates'];

describe('the shipped rate cards', () => {
  it('are found at the repository root from the module\'s own location', () => {
    expect(shippedCardsDir()).toBe(path.resolve(import.meta.dirname, '../../rate-cards'));
  });

  it('parse, oldest first, each named after its version', () => {
    expect(cards.map((c) => [c.version, c.effectiveFrom, c.currency])).toEqual([
      ['meta-usd-2025-07-01', '2025-07-01', 'USD'],
      ['meta-usd-2025-10-01', '2025-10-01', 'USD'],
      ['meta-usd-2026-01-01', '2026-01-01', 'USD'],
    ]);
  });

  it('price every market in marketing, utility and authentication, and authentication-international exactly where Meta has it', () => {
    for (const card of cards) {
      expect(missingRates(card)).toEqual([]);
      const international = [...STANDALONE_MARKETS_2025, ...REGIONS].filter((m) => ratesFor(card, m, 'authentication-international'));
      expect(international.sort()).toEqual([...INTERNATIONAL].sort());
    }
  });

  it('carry one list-rate tier per market and category, marked with a source', () => {
    for (const card of cards) {
      for (const tiers of card.rates.values()) {
        expect(tiers).toHaveLength(1);
        expect(tiers[0]!.source).toMatch(/^(A|A\+B|A\+D|B|B\+D|C|E|estimate)$/);
      }
    }
  });

  it('price a marketing message to India differently before and after the 1 Jan 2026 increase', () => {
    const price = (iso: string) => {
      const card = cardInForce(cards, { deliveredAt: at(iso) })!;
      return priceMessage({ deliveredAt: at(iso), templateCategory: 'marketing', serviceWindowOpen: false, freeEntryPointOpen: false, serviceDeliveredThisMonth: 0, volumeThisMonth: 0, market: marketFor({ country: 'IN', card }), card });
    };
    expect(price('2025-12-31T23:59:59Z')).toMatchObject({ cardVersion: 'meta-usd-2025-10-01', metaMicros: 10700 });
    expect(price('2026-01-01T00:00:00Z')).toMatchObject({ cardVersion: 'meta-usd-2026-01-01', metaMicros: 11800 });
  });

  it('refuse to load a directory holding a card whose version is not its file name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cards-'));
    fs.copyFileSync(path.join(shippedCardsDir()!, 'meta-usd-2025-07-01.csv'), path.join(dir, 'renamed.csv'));
    expect(() => loadShippedCards({ dir })).toThrow(/does not match the file name/);
    fs.rmSync(dir, { recursive: true });
  });
});
