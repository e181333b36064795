/**
 * Checks for a rate card a business uploads (its own prices, or Meta's current CSV rewritten in
 * our format). Parsing already refuses a malformed card with its line and column; these checks add
 * what a card needs to price every message: a size limit, and every market × core category.
 */
import { REGIONS, STANDALONE_MARKETS_2025, type MarketName, type RateCategory } from '../rules/pricing/markets.js';
import { parseRateCard, ratesFor, RateCardError, type RateCard } from './rate-card.js';

/** Meta's own cards are a few kilobytes; the limit only stops a wrong file (or an abuse) early. */
export const MAX_CARD_BYTES = 256 * 1024;

/** Categories every market must have; authentication-international and service exist only in some markets and cards. */
export const REQUIRED_CATEGORIES: readonly RateCategory[] = ['marketing', 'utility', 'authentication'];

/** The markets every card must price: 2025's standalone countries and the regional groups. */
export const REQUIRED_MARKETS: readonly MarketName[] = [...STANDALONE_MARKETS_2025, ...REGIONS];

export type UploadCheck =
  | { readonly ok: true; readonly card: RateCard; readonly estimates: number }
  | { readonly ok: false; readonly error: { readonly line: number; readonly column: number; readonly message: string } }
  | { readonly ok: false; readonly missing: readonly { readonly market: MarketName; readonly category: RateCategory }[] };

/** Market × category pairs the card does not price. */
export function missingRates(card: RateCard, markets: readonly MarketName[] = REQUIRED_MARKETS): { market: MarketName; category: RateCategory }[] {
  return markets.flatMap((market) => REQUIRED_CATEGORIES.filter((category) => !ratesFor(card, market, category)).map((category) => ({ market, category })));
}

/**
 * Parses and checks an uploaded card. Never throws for bad input: the answer says where the first
 * problem is, or which rates are missing, so a console can show it next to the file.
 */
export function checkUploadedCard(text: string): UploadCheck {
  if (new TextEncoder().encode(text).length > MAX_CARD_BYTES) {
    return { ok: false, error: { line: 1, column: 1, message: `the card is larger than ${MAX_CARD_BYTES / 1024} KiB` } };
  }
  let card: RateCard;
  try {
    card = parseRateCard(text);
  } catch (err) {
    if (err instanceof RateCardError) return { ok: false, error: { line: err.line, column: err.column, message: err.reason } };
    throw err;
  }
  const missing = missingRates(card);
  if (missing.length > 0) return { ok: false, missing };
  const estimates = [...card.rates.values()].flat().filter((tier) => tier.estimate).length;
  return { ok: true, card, estimates };
}
