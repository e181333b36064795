import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import type { BusinessId } from '../core/brand.js';
import { toCsv, type CsvValue } from '../core/csv.js';
import { invalidParameter } from '../core/graph-errors.js';
import { ledgerGroupings, presentCharge, presentTotal, statement, totalsBy, type LedgerGrouping } from './ledger.js';
import { formatMicros, parseMicros } from './money.js';
import { MarkupError, parseMarkup } from './markup.js';
import type { BillingService } from './service.js';

const tags = ['Console: billing'];
const Range = Type.Object({
  from: Type.Optional(Type.String({ description: 'YYYY-MM-DD or unix seconds; default 30 days ago' })),
  to: Type.Optional(Type.String({ description: 'YYYY-MM-DD or unix seconds, exclusive; default now' })),
  by: Type.Optional(Type.Union(ledgerGroupings.map((g) => Type.Literal(g)))),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
});
const Markup = Type.Object({ fixed: Type.Optional(Type.String({ description: 'per billable message, e.g. "0.0050"' })), percent: Type.Optional(Type.String({ description: 'of Meta’s price, e.g. "10"' })) });
const Budget = Type.Object({ amount: Type.Union([Type.Null(), Type.String()], { description: 'monthly, in the card currency; null removes it' }), warn_percent: Type.Optional(Type.Union([Type.Null(), Type.Integer()])) });
const DAY = 24 * 3600 * 1000;

/** `YYYY-MM-DD` (UTC midnight) or unix seconds → milliseconds; anything else is a 100 naming the parameter. */
function instant(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (/^\d{1,12}$/.test(value)) return Number(value) * 1000;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return Date.parse(`${value}T00:00:00Z`);
  throw invalidParameter(`${name} must be a date (YYYY-MM-DD) or unix seconds`);
}

const send = (reply: FastifyReply, format: string | undefined, name: string, rows: Record<string, CsvValue>[]) =>
  format === 'csv' ? reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(rows)) : { data: rows };

/**
 * The console's billing API: the ledger (every priced delivery), its totals, monthly statements,
 * CSV exports, the business's markup, budget and own rate cards.
 */
export function registerBillingRoutes(app: FastifyInstance, options: { billing: BillingService; now: () => number }): void {
  const { billing } = options;
  const rangeOf = (q: Static<typeof Range>) => {
    const to = instant(q.to, 'to', options.now());
    const from = instant(q.from, 'from', to - 30 * DAY);
    if (from >= to) throw invalidParameter('from must be before to');
    return { from, to };
  };
  const business = (request: Parameters<typeof currentUser>[0]): BusinessId => currentUser(request).businessId;

  app.get<{ Querystring: Static<typeof Range> }>('/billing/ledger', { schema: { tags, querystring: Range, summary: 'Every priced delivery in a range (JSON or CSV)' }, preHandler: requireConsole('analytics.read') }, async (request, reply) => {
    const rows = await billing.ledger(business(request), rangeOf(request.query));
    return send(reply, request.query.format, 'ledger', rows.map(presentCharge));
  });

  app.get<{ Querystring: Static<typeof Range> }>('/billing/totals', { schema: { tags, querystring: Range, summary: 'Ledger totals by day, number, template, category, country, market or campaign' }, preHandler: requireConsole('analytics.read') }, async (request, reply) => {
    const by: LedgerGrouping = request.query.by ?? 'day';
    const rows = await billing.ledger(business(request), rangeOf(request.query));
    return send(reply, request.query.format, `totals-by-${by}`, totalsBy(rows, by).map((t) => presentTotal(t, by)));
  });

  app.get<{ Params: { month: string } }>('/billing/statements/:month', { schema: { tags, summary: 'A month’s statement (YYYY-MM in the WABA’s time zone)' }, preHandler: requireConsole('analytics.read') }, async (request) => {
    const { month } = request.params;
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw invalidParameter('month must be YYYY-MM');
    const start = new Date(`${month}-01T00:00:00Z`);
    const end = new Date(start);
    end.setUTCMonth(end.getUTCMonth() + 1);
    // A month in any WABA's zone lies within a day of the UTC month on either side; rows carry their own month.
    const rows = await billing.ledger(business(request), { from: start.getTime() - DAY, to: end.getTime() + DAY });
    return statement(rows, month);
  });

  app.get('/billing/settings', { schema: { tags, summary: 'Markup, budget and this month’s spend' }, preHandler: requireConsole('analytics.read') }, async (request) => {
    const id = business(request);
    const settings = await billing.settings(id);
    const month = await billing.currentSpend(id);
    return {
      markup: { fixed: formatMicros(settings.markup.fixedMicros), percent: (settings.markup.percentBasisPoints / 100).toFixed(2) },
      budget: settings.budgetMicros === null ? null : { amount: formatMicros(settings.budgetMicros), warn_percent: settings.budgetWarnPercent, warned: settings.warnedMonth === month.month },
      month: { month: month.month, spent: formatMicros(month.spentMicros) },
    };
  });

  app.put<{ Body: Static<typeof Markup> }>('/billing/markup', { schema: { tags, body: Markup, summary: 'The BSP markup: a fixed fee per billable message and/or a percentage' }, preHandler: requireConsole('billing.manage') }, async (request) => {
    const { fixed, percent } = request.body;
    let markup: ReturnType<typeof parseMarkup>;
    try {
      markup = parseMarkup({ ...(fixed !== undefined ? { fixed } : {}), ...(percent !== undefined ? { percent } : {}) });
    } catch (error) {
      if (error instanceof MarkupError) throw invalidParameter(error.message);
      throw error;
    }
    await billing.setMarkup(business(request), markup);
    return { success: true };
  });

  app.put<{ Body: Static<typeof Budget> }>('/billing/budget', { schema: { tags, body: Budget, summary: 'A monthly budget: a warning at warn_percent, and sends refused (131042) past it' }, preHandler: requireConsole('billing.manage') }, async (request) => {
    const amount = request.body.amount === null ? null : parseMicros(request.body.amount);
    if (amount === undefined) throw invalidParameter('amount must be a decimal amount such as "250.00", or null');
    await billing.setBudget(business(request), { limitMicros: amount, warnPercent: request.body.warn_percent ?? null });
    return { success: true };
  });

  app.get('/billing/rate_cards', { schema: { tags, summary: 'The rate cards that price this business’s messages' }, preHandler: requireConsole('analytics.read') }, async (request) => {
    const cards = await billing.cardsFor(business(request));
    return { data: cards.map((c) => ({ version: c.version, currency: c.currency, effective_from: c.effectiveFrom, rates: c.rates.size })) };
  });

  // A card is CSV; it may come as text/csv or as {"csv": "…"}.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, done) => done(null, body));
  app.post('/billing/rate_cards', { schema: { tags, summary: 'Upload the business’s own rate card (CSV); refused whole with the line and column of its first problem' }, preHandler: requireConsole('billing.manage') }, async (request) => {
    const body = request.body;
    const csv = typeof body === 'string' ? body : typeof (body as { csv?: unknown } | null)?.csv === 'string' ? (body as { csv: string }).csv : undefined;
    if (csv === undefined) throw invalidParameter('send the card as text/csv, or as JSON {"csv": "…"}');
    const card = await billing.uploadCard(business(request), csv);
    return { version: card.version, currency: card.currency, effective_from: card.effectiveFrom, rates: card.rates.size };
  });
}
