import { sql, type RawBuilder } from 'kysely';
import type { BusinessId } from '../core/brand.js';
import type { Executor } from '../store/database.js';

/**
 * Analytics' SQL: read-only aggregates over messages and the ledger, the same text on SQLite and
 * PostgreSQL. Counts are grouped into quarter-hour slots (`created_at / 900000`, integer division on
 * both) rather than into the caller's buckets: every zone's offset is a whole number of quarter
 * hours, so the service folds slots into half hours, hours, days and months of any zone exactly,
 * and the database returns at most one row per slot and group however many messages there were.
 * Grouping repeats each expression verbatim, with literals rather than parameters, because
 * PostgreSQL matches a select expression to its GROUP BY only when the two are the same text.
 */
export const SLOT_SECONDS = 900;

/** Who and when: every query is one business's, optionally one WABA's, over [from, to) in ms. */
export interface Scope {
  readonly businessId: BusinessId;
  readonly wabaId?: string | undefined;
  readonly from: number;
  readonly to: number;
}

const slotOf = (column: string): RawBuilder<number> => sql<number>`${sql.ref(column)} / 900000`;
/** Four digits decide a country from a WhatsApp id: a calling code has at most three, NANP adds an area code. */
const prefixOf = sql<string>`substr(${sql.ref('wa_id')}, 1, 4)`;
const isTemplate = sql<number>`case when ${sql.ref('type')} = 'template' then 1 else 0 end`;

export interface MessageSlotRow {
  readonly slot: number;
  readonly phoneNumberId: string;
  readonly direction: 'in' | 'out';
  readonly template: boolean;
  readonly status: string;
  /** The first four digits of the user's WhatsApp id. */
  readonly prefix: string;
  readonly count: number;
}

/**
 * Messages per slot of their `created_at`: for outbound messages the moment chatapp accepted them,
 * so a message counts as sent, delivered or read in the bucket it was sent in, whenever the receipt
 * came (the row keeps only its latest status, not when each receipt arrived).
 */
export async function messageSlots(db: Executor, scope: Scope): Promise<MessageSlotRow[]> {
  const slot = slotOf('created_at');
  const rows = await scopedMessages(db, scope)
    .select((eb) => [slot.as('slot'), 'phone_number_id', 'direction', isTemplate.as('template'), 'status', prefixOf.as('prefix'), eb.fn.countAll<number>().as('n')])
    .groupBy([slot, 'phone_number_id', 'direction', isTemplate, 'status', prefixOf])
    .execute();
  return rows.map((r) => ({
    slot: Number(r.slot),
    phoneNumberId: r.phone_number_id,
    direction: r.direction === 'in' ? 'in' : 'out',
    template: Number(r.template) === 1,
    status: r.status,
    prefix: r.prefix,
    count: Number(r.n),
  }));
}

export interface ChargeSlotRow {
  readonly slot: number;
  readonly phoneNumberId: string;
  readonly country: string;
  readonly pricingType: string;
  readonly pricingCategory: string;
  readonly tier: string | null;
  readonly template: string | null;
  readonly currency: string;
  readonly volume: number;
  readonly billable: number;
  readonly amountMicros: number;
}

/**
 * Ledger entries per slot of `delivered_at`: Meta charges on delivery (spec §7.1), so cost falls in
 * the bucket of the delivery. `pricedBy` separates conversation-priced entries (rule set `cbp`,
 * deliveries before 1 July 2025) from per-message ones.
 */
export async function chargeSlots(db: Executor, scope: Scope & { pricedBy: 'message' | 'conversation' | 'any' }): Promise<ChargeSlotRow[]> {
  const slot = slotOf('delivered_at');
  let query = scopedCharges(db, scope);
  if (scope.pricedBy === 'conversation') query = query.where('rule_set', '=', 'cbp');
  if (scope.pricedBy === 'message') query = query.where('rule_set', '<>', 'cbp');
  const rows = await query
    .select((eb) => [
      slot.as('slot'),
      'phone_number_id',
      'country',
      'pricing_type',
      'pricing_category',
      'tier',
      'template',
      'currency',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>('billable').as('billable'),
      eb.fn.sum<number>('amount_micros').as('amount'),
    ])
    .groupBy([slot, 'phone_number_id', 'country', 'pricing_type', 'pricing_category', 'tier', 'template', 'currency'])
    .execute();
  return rows.map((r) => ({
    slot: Number(r.slot),
    phoneNumberId: r.phone_number_id,
    country: r.country,
    pricingType: r.pricing_type,
    pricingCategory: r.pricing_category,
    tier: r.tier,
    template: r.template,
    currency: r.currency,
    volume: Number(r.n),
    billable: Number(r.billable),
    // PostgreSQL sums BIGINT into NUMERIC, which pg hands over as a string.
    amountMicros: Number(r.amount),
  }));
}

/** Failed outbound messages by their `errors` JSON, as statuses reported them. */
export async function failureCounts(db: Executor, scope: Scope & { phoneNumberId?: string | undefined }): Promise<Array<{ errors: string | null; count: number }>> {
  let query = scopedMessages(db, scope).where('direction', '=', 'out').where('status', '=', 'failed');
  if (scope.phoneNumberId !== undefined) query = query.where('phone_number_id', '=', scope.phoneNumberId);
  const rows = await query.select((eb) => ['errors', eb.fn.countAll<number>().as('n')]).groupBy('errors').execute();
  return rows.map((r) => ({ errors: r.errors, count: Number(r.n) }));
}

export interface InboundRow {
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly at: number;
  /** The business's last message to the user before this one (failed sends are not messages the user saw). */
  readonly previousOut: number | null;
  /** The user's previous message to the number. */
  readonly previousIn: number | null;
  /** The business's first message to the user from this one on: its reply. */
  readonly nextOut: number | null;
}

/** An inbound row with who sent its reply (`nextOut`). */
export interface AnsweredInboundRow extends InboundRow {
  /** The console member who sent the reply from the shared inbox; null when it went another way (the Graph API) or there is none. */
  readonly nextOutMember: string | null;
}

/**
 * Each message a user wrote in range, with its neighbours in the chat, for response times and the
 * customer service windows it opened. The correlated subqueries run on the `messages_chat` index
 * (business, number, user, created_at). System messages are not the user writing (they open no window).
 */
export async function inboundWithNeighbours(db: Executor, scope: Scope & { phoneNumberId?: string | undefined }): Promise<InboundRow[]> {
  return (await inbound(db, scope, false)).map(({ nextOutMember: _, ...row }) => row);
}

/**
 * As `inboundWithNeighbours`, with the author of each reply: the inbox records who sent a message
 * from the console (`inbox_message_authors`); the reply is the chat's first outbound message from
 * the user's on (ties by id), the same one whose time is `nextOut`.
 */
export async function inboundWithResponders(db: Executor, scope: Scope & { phoneNumberId?: string | undefined }): Promise<AnsweredInboundRow[]> {
  return inbound(db, scope, true);
}

async function inbound(db: Executor, scope: Scope & { phoneNumberId?: string | undefined }, responders: boolean): Promise<AnsweredInboundRow[]> {
  let query = db
    .selectFrom('messages as m')
    .where('m.business_id', '=', scope.businessId)
    .where('m.direction', '=', 'in')
    .where('m.type', '<>', 'system')
    .where('m.created_at', '>=', scope.from)
    .where('m.created_at', '<', scope.to);
  if (scope.wabaId !== undefined) query = query.where('m.waba_id', '=', scope.wabaId);
  if (scope.phoneNumberId !== undefined) query = query.where('m.phone_number_id', '=', scope.phoneNumberId);
  const rows = await query
    .select((eb) => {
      const chat = (alias: 'o' | 'p' | 'q' | 'r', direction: 'in' | 'out') =>
        eb
          .selectFrom(`messages as ${alias}`)
          .whereRef(`${alias}.business_id`, '=', 'm.business_id')
          .whereRef(`${alias}.phone_number_id`, '=', 'm.phone_number_id')
          .whereRef(`${alias}.wa_id`, '=', 'm.wa_id')
          .where(`${alias}.direction`, '=', direction)
          .where(`${alias}.${direction === 'out' ? 'status' : 'type'}`, '<>', direction === 'out' ? 'failed' : 'system');
      return [
        'm.phone_number_id',
        'm.wa_id',
        'm.created_at',
        chat('o', 'out').whereRef('o.created_at', '<', 'm.created_at').select((e) => e.fn.max('o.created_at').as('v')).as('previous_out'),
        chat('p', 'in').whereRef('p.created_at', '<', 'm.created_at').select((e) => e.fn.max('p.created_at').as('v')).as('previous_in'),
        chat('q', 'out').whereRef('q.created_at', '>=', 'm.created_at').select((e) => e.fn.min('q.created_at').as('v')).as('next_out'),
      ];
    })
    .$if(responders, (q) =>
      q.select((eb) =>
        eb
          .selectFrom('messages as r')
          .leftJoin('inbox_message_authors as a', (join) => join.onRef('a.message_id', '=', 'r.id').onRef('a.business_id', '=', 'r.business_id'))
          .whereRef('r.business_id', '=', 'm.business_id')
          .whereRef('r.phone_number_id', '=', 'm.phone_number_id')
          .whereRef('r.wa_id', '=', 'm.wa_id')
          .where('r.direction', '=', 'out')
          .where('r.status', '<>', 'failed')
          .whereRef('r.created_at', '>=', 'm.created_at')
          .select('a.member_id')
          .orderBy('r.created_at')
          .orderBy('r.id')
          .limit(1)
          .as('next_out_member'),
      ),
    )
    .orderBy('m.phone_number_id')
    .orderBy('m.wa_id')
    .orderBy('m.created_at')
    .execute();
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return rows.map((r) => ({
    phoneNumberId: r.phone_number_id,
    waId: r.wa_id,
    at: Number(r.created_at),
    previousOut: num(r.previous_out),
    previousIn: num(r.previous_in),
    nextOut: num(r.next_out),
    nextOutMember: r.next_out_member ?? null,
  }));
}

/** Members of the business by id: their names and emails, for the people behind ids. */
export async function memberNames(db: Executor, businessId: BusinessId, ids: readonly string[]): Promise<Map<string, { name: string; email: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('members').where('business_id', '=', businessId).where('id', 'in', [...ids]).select(['id', 'name', 'email']).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, email: r.email }]));
}

export interface TemplateMessageRow {
  readonly id: string;
  readonly at: number;
  readonly status: string;
  /** The `template` object of the send: `{name, language: {code}, components?}`. */
  readonly content: string;
  readonly amountMicros: number | null;
}

/**
 * A WABA's template messages in range with what each cost. The template's name and language live in
 * the message's JSON, which the two dialects read differently, so the caller matches them.
 */
export async function templateMessages(db: Executor, scope: Scope & { wabaId: string }): Promise<TemplateMessageRow[]> {
  const rows = await db
    .selectFrom('messages as m')
    .leftJoin('message_charges as c', (join) => join.onRef('c.message_id', '=', 'm.id').onRef('c.business_id', '=', 'm.business_id'))
    .where('m.business_id', '=', scope.businessId)
    .where('m.waba_id', '=', scope.wabaId)
    .where('m.direction', '=', 'out')
    .where('m.type', '=', 'template')
    .where('m.created_at', '>=', scope.from)
    .where('m.created_at', '<', scope.to)
    .select(['m.id', 'm.created_at', 'm.status', 'm.content', 'c.amount_micros'])
    .execute();
  return rows.map((r) => ({ id: r.id, at: Number(r.created_at), status: r.status, content: r.content, amountMicros: r.amount_micros === null ? null : Number(r.amount_micros) }));
}

/** Quick-reply taps in range: users' `button` messages in reply to a template message of the WABA. */
export async function templateClicks(db: Executor, scope: Scope & { wabaId: string }): Promise<Array<{ at: number; content: string; template: string }>> {
  const rows = await db
    .selectFrom('messages as i')
    .innerJoin('messages as o', (join) => join.onRef('o.id', '=', 'i.context_message_id').onRef('o.business_id', '=', 'i.business_id'))
    .where('i.business_id', '=', scope.businessId)
    .where('o.waba_id', '=', scope.wabaId)
    .where('i.direction', '=', 'in')
    .where('i.type', '=', 'button')
    .where('o.type', '=', 'template')
    .where('i.created_at', '>=', scope.from)
    .where('i.created_at', '<', scope.to)
    .select(['i.created_at', 'i.content', 'o.content as template'])
    .execute();
  return rows.map((r) => ({ at: Number(r.created_at), content: r.content, template: r.template }));
}

/** One business's messages in the scope, by when they were accepted or received. */
function scopedMessages(db: Executor, scope: Scope) {
  const query = db.selectFrom('messages').where('business_id', '=', scope.businessId).where('created_at', '>=', scope.from).where('created_at', '<', scope.to);
  return scope.wabaId === undefined ? query : query.where('waba_id', '=', scope.wabaId);
}

/** One business's ledger entries in the scope, by when they were delivered. */
function scopedCharges(db: Executor, scope: Scope) {
  const query = db.selectFrom('message_charges').where('business_id', '=', scope.businessId).where('delivered_at', '>=', scope.from).where('delivered_at', '<', scope.to);
  return scope.wabaId === undefined ? query : query.where('waba_id', '=', scope.wabaId);
}
