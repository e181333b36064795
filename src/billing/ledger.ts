import { localDate } from '../rules/pricing/calendar.js';
import { formatMicros, roundToCents } from './money.js';
import type { ChargeRow } from './store.js';

/** Ways the ledger's totals can be grouped (issue 6: by day, number, template, category, country and campaign). */
export const ledgerGroupings = ['day', 'month', 'number', 'template', 'category', 'country', 'market', 'pricing_type', 'campaign'] as const;
export type LedgerGrouping = (typeof ledgerGroupings)[number];

export interface LedgerTotal {
  readonly key: string;
  readonly messages: number;
  readonly billable: number;
  readonly metaMicros: number;
  readonly markupMicros: number;
  readonly amountMicros: number;
  readonly currency: string;
}

function keyOf(row: ChargeRow, by: LedgerGrouping, timeZone: string): string {
  switch (by) {
    case 'day':
      return localDate(Math.floor(Number(row.delivered_at) / 1000), timeZone);
    case 'month':
      return row.month;
    case 'number':
      return row.phone_number_id;
    case 'template':
      return row.template ?? '(not a template)';
    case 'category':
      return row.pricing_category;
    case 'country':
      return row.country || '(unknown)';
    case 'market':
      return row.market;
    case 'pricing_type':
      return row.pricing_type;
    case 'campaign':
      return row.campaign ?? '(no campaign)';
    default: {
      const never: never = by;
      return never;
    }
  }
}

/** Totals of ledger rows by one grouping, sorted by key; amounts stay exact (micro-units) until presented. */
export function totalsBy(rows: readonly ChargeRow[], by: LedgerGrouping, timeZone = 'UTC'): LedgerTotal[] {
  const totals = new Map<string, { messages: number; billable: number; metaMicros: number; markupMicros: number; amountMicros: number; currency: string }>();
  for (const row of rows) {
    const key = `${keyOf(row, by, timeZone)}\u0000${row.currency}`;
    const t = totals.get(key) ?? { messages: 0, billable: 0, metaMicros: 0, markupMicros: 0, amountMicros: 0, currency: row.currency };
    t.messages += 1;
    t.billable += Number(row.billable);
    t.metaMicros += Number(row.meta_micros);
    t.markupMicros += Number(row.markup_micros);
    t.amountMicros += Number(row.amount_micros);
    totals.set(key, t);
  }
  return [...totals.entries()].map(([key, t]) => ({ key: key.split('\u0000')[0]!, ...t })).sort((a, b) => a.key.localeCompare(b.key));
}

export const presentTotal = (t: LedgerTotal, by: LedgerGrouping) => ({
  [by]: t.key,
  messages: t.messages,
  billable_messages: t.billable,
  meta_amount: formatMicros(t.metaMicros),
  markup_amount: formatMicros(t.markupMicros),
  amount: formatMicros(t.amountMicros),
  currency: t.currency,
});

export const presentCharge = (row: ChargeRow) => ({
  message_id: row.message_id,
  delivered_at: Math.floor(Number(row.delivered_at) / 1000),
  waba_id: row.waba_id,
  phone_number_id: row.phone_number_id,
  recipient: row.wa_id,
  country: row.country,
  market: row.market,
  template: row.template,
  campaign: row.campaign,
  pricing_type: row.pricing_type,
  pricing_category: row.pricing_category,
  billable: row.billable === 1 || Number(row.billable) === 1,
  tier: row.tier,
  rate_card: row.card_version,
  rule_set: row.rule_set,
  meta_amount: formatMicros(Number(row.meta_micros)),
  markup_amount: formatMicros(Number(row.markup_micros)),
  amount: formatMicros(Number(row.amount_micros)),
  currency: row.currency,
  billing_month: row.month,
});

/**
 * A month's statement: each category × market line with its count and amount, and the total. Lines
 * keep micro-units; the total is rounded to cents once, so rounding never drifts line by line.
 */
export function statement(rows: readonly ChargeRow[], month: string): Record<string, unknown> {
  const billable = rows.filter((r) => r.month === month && Number(r.billable) === 1);
  const lines = new Map<string, { category: string; market: string; tier: string; messages: number; amountMicros: number; currency: string }>();
  for (const r of billable) {
    const key = `${r.pricing_category}|${r.market}|${r.tier ?? ''}|${r.currency}`;
    const line = lines.get(key) ?? { category: r.pricing_category, market: r.market, tier: r.tier ?? '', messages: 0, amountMicros: 0, currency: r.currency };
    line.messages += 1;
    line.amountMicros += Number(r.amount_micros);
    lines.set(key, line);
  }
  const byCurrency = new Map<string, number>();
  for (const line of lines.values()) byCurrency.set(line.currency, (byCurrency.get(line.currency) ?? 0) + line.amountMicros);
  return {
    month,
    lines: [...lines.values()].sort((a, b) => a.category.localeCompare(b.category) || a.market.localeCompare(b.market)).map((l) => ({ ...l, amountMicros: undefined, amount: formatMicros(l.amountMicros) })),
    totals: [...byCurrency.entries()].map(([currency, micros]) => ({ currency, amount: formatMicros(micros), amount_due: formatMicros(roundToCents(micros)) })),
  };
}
