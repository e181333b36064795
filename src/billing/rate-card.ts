/**
 * Rate cards: Meta's per-message prices by market × category × volume tier, one card per version
 * with the date it takes effect (spec §7.1). The same parser reads the cards shipped in
 * `rate-cards/` and a card a business uploads, and refuses a card whole at its first problem, so a
 * half-read card never prices a message.
 *
 * Format (CSV, `#` lines are comments):
 *   version,meta-usd-2025-07-01
 *   currency,USD
 *   effective_from,2025-07-01
 *   market,category,tier_from,rate[,source]
 *   India,utility,0,0.0014,A
 */
import { csvRows, CsvSyntaxError, type CsvField, type CsvRow } from './csv-lines.js';
import { isMarketName, isRateCategory, TIERED_CATEGORIES, type MarketName, type RateCategory } from '../rules/pricing/markets.js';
import { parseMicros } from './money.js';
import { localDate } from '../rules/pricing/calendar.js';

export interface RateTier {
  /** The first message (by monthly count in the market × category) the tier applies to; the first tier is 0. */
  readonly from: number;
  readonly rateMicros: number;
  /** The card's own marker for where the figure came from (a legend key, `uploaded`, or `estimate`). */
  readonly source: string;
  readonly estimate: boolean;
}

export interface RateCard {
  readonly version: string;
  /** ISO 4217 code of the card's currency; rates are in micro-units of it. */
  readonly currency: string;
  /** `YYYY-MM-DD`; the card applies from 00:00 of that day in the WABA's time zone (spec §7.1). */
  readonly effectiveFrom: string;
  /** Tiers by `market|category`, ascending by `from`; the first starts at 0. */
  readonly rates: ReadonlyMap<string, readonly RateTier[]>;
}

export class RateCardError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.name = 'RateCardError';
  }
}

const HEADER = ['market', 'category', 'tier_from', 'rate', 'source'] as const;
const META_KEYS = ['version', 'currency', 'effective_from'] as const;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SOURCE = /^[A-Za-z0-9][A-Za-z0-9+._-]{0,31}$/;

const rateKey = (market: MarketName, category: RateCategory): string => `${market}|${category}`;

/** The tiers a card prices for a market × category, or `undefined` when it has none. */
export const ratesFor = (card: RateCard, market: MarketName, category: RateCategory): readonly RateTier[] | undefined =>
  card.rates.get(rateKey(market, category));

export const pricesMarket = (card: RateCard, market: MarketName): boolean =>
  [...card.rates.keys()].some((key) => key.startsWith(`${market}|`));

/**
 * The tier for the `ordinal`-th charged message of the month (1-based). The lower rate applies
 * only to messages inside the higher tier (spec §7.1), so each message looks up its own ordinal.
 * `label` is Meta's `from:to` form (`0:MAX` for a single tier), as the tier webhook shows it.
 */
export function tierFor(tiers: readonly RateTier[], ordinal: number): { tier: RateTier; label: string } {
  let index = 0;
  tiers.forEach((tier, i) => {
    if (tier.from <= ordinal) index = i;
  });
  const tier = tiers[index]!;
  const next = tiers[index + 1];
  return { tier, label: `${tier.from}:${next ? next.from - 1 : 'MAX'}` };
}

/** The card in force when a message is delivered: the latest `effectiveFrom` on or before the WABA-local date; later in the list wins a tie. */
export function cardInForce(cards: readonly RateCard[], at: { deliveredAt: number; timeZone?: string }): RateCard | undefined {
  const day = localDate(at.deliveredAt, at.timeZone ?? 'UTC');
  let best: RateCard | undefined;
  for (const card of cards) if (card.effectiveFrom <= day && (!best || card.effectiveFrom >= best.effectiveFrom)) best = card;
  return best;
}

export function parseRateCard(text: string): RateCard {
  let rows: CsvRow[];
  try {
    rows = csvRows(text);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new RateCardError(err.line, err.column, err.reason);
    throw err;
  }
  const meta = new Map<string, string>();
  let at = 0;
  for (; at < rows.length && rows[at]!.fields[0]?.value.toLowerCase() !== 'market'; at++) readMeta(rows[at]!, meta);
  const header = rows[at];
  if (!header) throw new RateCardError(rows.at(-1)?.line ?? 1, 1, `no header row (${HEADER.join(',')})`);
  for (const key of META_KEYS) if (!meta.has(key)) throw new RateCardError(header.line, 1, `"${key}" must be given before the header row`);
  const withSource = checkHeader(header);

  const rates = new Map<string, RateTier[]>();
  const firstLine = new Map<string, CsvRow>();
  for (const row of rows.slice(at + 1)) {
    const { key, tier } = readRate(row, withSource);
    const tiers = rates.get(key) ?? [];
    if (tiers.some((t) => t.from === tier.from)) throw new RateCardError(row.line, row.fields[2]!.column, `a second rate for ${key.replace('|', ' ')} from ${tier.from}`);
    tiers.push(tier);
    rates.set(key, tiers);
    if (!firstLine.has(key)) firstLine.set(key, row);
  }
  if (rates.size === 0) throw new RateCardError(header.line, 1, 'the card has no rates');
  for (const [key, tiers] of rates) {
    tiers.sort((a, b) => a.from - b.from);
    if (tiers[0]!.from !== 0) throw new RateCardError(firstLine.get(key)!.line, firstLine.get(key)!.fields[2]!.column, `the tiers of ${key.replace('|', ' ')} must start at 0`);
  }
  return { version: meta.get('version')!, currency: meta.get('currency')!, effectiveFrom: meta.get('effective_from')!, rates };
}

function readMeta(row: CsvRow, meta: Map<string, string>): void {
  const [keyField, valueField, extra] = row.fields;
  const key = keyField!.value.toLowerCase();
  if (!(META_KEYS as readonly string[]).includes(key)) throw new RateCardError(row.line, keyField!.column, `expected one of ${META_KEYS.join(', ')} or the header row, found "${keyField!.value}"`);
  if (meta.has(key)) throw new RateCardError(row.line, keyField!.column, `"${key}" is given twice`);
  if (!valueField) throw new RateCardError(row.line, keyField!.column + keyField!.value.length, `"${key}" has no value`);
  if (extra) throw new RateCardError(row.line, extra.column, `"${key}" takes one value`);
  const value = valueField.value;
  const valid = key === 'version' ? VERSION.test(value) : key === 'currency' ? /^[A-Z]{3}$/.test(value) : isCalendarDate(value);
  if (!valid) throw new RateCardError(row.line, valueField.column, `"${value}" is not a valid ${key === 'currency' ? 'ISO 4217 currency code' : key === 'version' ? 'version (letters, digits, . _ -)' : 'date (YYYY-MM-DD)'}`);
  meta.set(key, value);
}

function checkHeader(header: CsvRow): boolean {
  const names = header.fields.map((f) => f.value.toLowerCase());
  if (names.length < 4 || names.length > 5) throw new RateCardError(header.line, 1, `the header must be ${HEADER.join(',')} (source optional)`);
  names.forEach((name, i) => {
    if (name !== HEADER[i]) throw new RateCardError(header.line, header.fields[i]!.column, `column ${i + 1} must be "${HEADER[i]}", found "${name}"`);
  });
  return names.length === 5;
}

function readRate(row: CsvRow, withSource: boolean): { key: string; tier: RateTier } {
  const expected = withSource ? 5 : 4;
  if (row.fields.length !== expected) {
    const at: CsvField | undefined = row.fields[expected];
    throw new RateCardError(row.line, at?.column ?? row.fields.at(-1)!.column, `expected ${expected} fields, found ${row.fields.length}`);
  }
  const [market, category, from, rate, source] = row.fields as [CsvField, CsvField, CsvField, CsvField, CsvField | undefined];
  if (!isMarketName(market.value)) throw new RateCardError(row.line, market.column, `unknown market "${market.value}"`);
  if (!isRateCategory(category.value)) throw new RateCardError(row.line, category.column, `unknown category "${category.value}"`);
  if (!/^\d{1,12}$/.test(from.value)) throw new RateCardError(row.line, from.column, `tier_from must be a whole number, found "${from.value}"`);
  const tierFrom = Number(from.value);
  if (tierFrom !== 0 && !TIERED_CATEGORIES.includes(category.value)) throw new RateCardError(row.line, from.column, `${category.value} has one tier (0:MAX); only utility and authentication have volume tiers`);
  const rateMicros = parseMicros(rate.value);
  if (rateMicros === undefined) throw new RateCardError(row.line, rate.column, `rate must be a decimal with at most 6 places, found "${rate.value}"`);
  const marker = source?.value ?? 'uploaded';
  if (!SOURCE.test(marker)) throw new RateCardError(row.line, source!.column, `source must be a short marker (letters, digits, + . _ -), found "${marker}"`);
  return { key: rateKey(market.value, category.value), tier: { from: tierFrom, rateMicros, source: marker, estimate: marker === 'estimate' } };
}

function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}
