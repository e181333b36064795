import { sql } from 'kysely';
import type { BusinessId } from '../core/brand.js';
import type { Dialect, Executor } from '../store/database.js';
import { precompiled } from '../store/precompiled.js';
import type { MessagesTable } from '../store/schema.js';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../rules/window.js';
import type { OutboundStatus } from './model.js';

export interface StoredMessage {
  readonly id: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly direction: 'out' | 'in';
  readonly waId: string;
  readonly input: string;
  readonly type: string;
  readonly content: unknown;
  readonly contextMessageId: string | null;
  readonly bizOpaqueCallbackData: string | null;
  readonly status: string;
  readonly errors: unknown[] | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

const toMessage = (row: MessagesTable): StoredMessage => ({
  id: row.id,
  businessId: row.business_id,
  wabaId: row.waba_id,
  phoneNumberId: row.phone_number_id,
  direction: row.direction as 'out' | 'in',
  waId: row.wa_id,
  input: row.input,
  type: row.type,
  content: JSON.parse(row.content) as unknown,
  contextMessageId: row.context_message_id,
  bizOpaqueCallbackData: row.biz_opaque_callback_data,
  status: row.status,
  errors: row.errors ? (JSON.parse(row.errors) as unknown[]) : null,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const insertMessageRow = precompiled((db, row: MessagesTable) => db.insertInto('messages').values(row).onConflict((oc) => oc.column('id').doNothing()));

export async function insertMessage(db: Executor, m: StoredMessage): Promise<void> {
  await insertMessageRow.execute(db, {
    id: m.id,
    business_id: m.businessId,
    waba_id: m.wabaId,
    phone_number_id: m.phoneNumberId,
    direction: m.direction,
    wa_id: m.waId,
    input: m.input,
    type: m.type,
    content: JSON.stringify(m.content),
    context_message_id: m.contextMessageId,
    biz_opaque_callback_data: m.bizOpaqueCallbackData,
    status: m.status,
    errors: m.errors ? JSON.stringify(m.errors) : null,
    created_at: m.createdAt,
    updated_at: m.updatedAt,
  });
}

export async function findMessage(db: Executor, businessId: BusinessId, id: string): Promise<StoredMessage | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toMessage(row);
}

const findMessageRowById = precompiled((db, id: string) => db.selectFrom('messages').selectAll().where('id', '=', id));

/** Workers and the sink know a message by its id alone; the row then tells whose it is. */
export async function findMessageById(db: Executor, id: string): Promise<StoredMessage | undefined> {
  const row = await findMessageRowById.executeTakeFirst(db, id);
  return row && toMessage(row);
}

// One statement whether or not errors come with the move: null keeps the row's errors.
const moveStatusRow = precompiled((db, c: { id: string; from: string; to: string; errors: string | null; now: number }) =>
  db
    .updateTable('messages')
    .set((eb) => ({ status: c.to, updated_at: c.now, errors: eb.fn.coalesce(eb.val(c.errors), 'errors') }))
    .where('id', '=', c.id)
    .where('status', '=', c.from),
);

/** Moves a message's status if it is still `from`: a conditional update, so concurrent receipts cannot both win. */
export async function moveStatus(db: Executor, change: { id: string; from: string; to: OutboundStatus | 'read'; errors?: unknown[]; now: number }): Promise<boolean> {
  const errors = change.errors ? JSON.stringify(change.errors) : null;
  return (await moveStatusRow.numAffectedRows(db, { id: change.id, from: change.from, to: change.to, errors, now: change.now })) > 0n;
}

export async function listChat(db: Executor, businessId: BusinessId, phoneNumberId: string, waId: string, limit: number): Promise<StoredMessage[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('phone_number_id', '=', phoneNumberId)
    .where('wa_id', '=', waId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toMessage).reverse();
}

type WindowTouch = { businessId: string; phoneNumberId: string; waId: string; at: number };

const touchWindowRow = precompiled((db, w: WindowTouch) =>
  db
    .insertInto('customer_windows')
    .values({ phone_number_id: w.phoneNumberId, wa_id: w.waId, business_id: w.businessId, last_inbound_at: w.at })
    .onConflict((oc) => oc.columns(['phone_number_id', 'wa_id']).doUpdateSet({ last_inbound_at: w.at }).where('customer_windows.last_inbound_at', '<', w.at)),
);

export async function touchWindow(db: Executor, w: WindowTouch): Promise<void> {
  await touchWindowRow.execute(db, w);
}

export async function findWindow(db: Executor, businessId: BusinessId, phoneNumberId: string, waId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('customer_windows')
    .select('last_inbound_at')
    .where('business_id', '=', businessId)
    .where('phone_number_id', '=', phoneNumberId)
    .where('wa_id', '=', waId)
    .executeTakeFirst();
  return row?.last_inbound_at;
}

export async function upsertContact(db: Executor, c: { businessId: string; waId: string; profileName: string; now: number }): Promise<void> {
  await db
    .insertInto('contacts')
    .values({ business_id: c.businessId, wa_id: c.waId, profile_name: c.profileName, updated_at: c.now })
    .onConflict((oc) => oc.columns(['business_id', 'wa_id']).doUpdateSet({ profile_name: c.profileName, updated_at: c.now }))
    .execute();
}

export async function findIdempotent(db: Executor, businessId: BusinessId, key: string, since: number): Promise<{ requestHash: string; response: unknown } | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response'])
    .where('business_id', '=', businessId)
    .where('key', '=', key)
    .where('created_at', '>=', since)
    .executeTakeFirst();
  return row && { requestHash: row.request_hash, response: JSON.parse(row.response) as unknown };
}

export async function saveIdempotent(
  db: Executor,
  entry: { businessId: string; key: string; requestHash: string; response: unknown; now: number; since: number },
): Promise<void> {
  // A key older than the window may be reused; a live one makes the insert fail, as it must.
  await db.deleteFrom('idempotency_keys').where('business_id', '=', entry.businessId).where('key', '=', entry.key).where('created_at', '<', entry.since).execute();
  await db
    .insertInto('idempotency_keys')
    .values({ business_id: entry.businessId, key: entry.key, request_hash: entry.requestHash, response: JSON.stringify(entry.response), created_at: entry.now })
    .execute();
}

/** SQLite's two-argument `max` is PostgreSQL's `greatest`; each dialect runs its own statement. */
const reserveSlotRow = (greatest: 'greatest' | 'max') =>
  precompiled((db, r: { key: string; arrival: number; intervalMs: number; tat: number }) =>
    db
      .insertInto('pacing')
      .values({ key: r.key, tat: r.tat })
      .onConflict((oc) => oc.column('key').doUpdateSet({ tat: sql<number>`${sql.raw(greatest)}(pacing.tat, ${r.arrival}) + ${r.intervalMs}` }))
      .returning('tat'),
  );
const reserveSlotOn = { postgres: reserveSlotRow('greatest'), sqlite: reserveSlotRow('max') };

/**
 * Reserves a message's slot on a pacing key in one atomic upsert (a row lock on PostgreSQL, the
 * single writer on SQLite, so processes sharing a database pace together); answers the key's new TAT.
 */
export async function reserveSlot(db: Executor, dialect: Dialect, key: string, arrival: number, intervalMs: number): Promise<number> {
  const row = await reserveSlotOn[dialect].executeTakeFirst(db, { key, arrival, intervalMs, tat: arrival + intervalMs });
  return Number(row!.tat);
}

/** How far ahead each number's paced schedule runs, for numbers whose schedule is ahead of `now`. */
export async function numberBacklogs(db: Executor, now: number): Promise<{ phoneNumberId: string; aheadMs: number }[]> {
  const rows = await db.selectFrom('pacing').select(['key', 'tat']).where('key', 'like', 'number:%').where('tat', '>', now).execute();
  return rows.map((r) => ({ phoneNumberId: r.key.slice('number:'.length), aheadMs: Number(r.tat) - now }));
}

/** The user's message came from an ad (`referral`): a reply within 24 h may open a free entry point (spec §6.2). */
export async function markReferral(db: Executor, r: { businessId: string; phoneNumberId: string; waId: string; at: number }): Promise<void> {
  await db.updateTable('customer_windows').set({ referral_at: r.at }).where('phone_number_id', '=', r.phoneNumberId).where('wa_id', '=', r.waId).where('business_id', '=', r.businessId).execute();
}

/** Meta reported a free entry point window for this user (a `sent` status priced `free_entry_point`), ending at `until`. */
export async function setEntryPointUntil(db: Executor, e: { businessId: string; phoneNumberId: string; waId: string; until: number }): Promise<void> {
  await db
    .updateTable('customer_windows')
    .set({ entry_point_until: e.until })
    .where('phone_number_id', '=', e.phoneNumberId)
    .where('wa_id', '=', e.waId)
    .where('business_id', '=', e.businessId)
    .where((eb) => eb.or([eb('entry_point_until', 'is', null), eb('entry_point_until', '<', e.until)]))
    .execute();
}

/** The windows chatapp knows of between a number and a user, for predictions. */
export async function findWindowFacts(db: Executor, businessId: BusinessId, phoneNumberId: string, waId: string): Promise<{ lastInboundAt: number | undefined; referralAt: number | null; entryPointUntil: number | null }> {
  const row = await db
    .selectFrom('customer_windows')
    .select(['last_inbound_at', 'referral_at', 'entry_point_until'])
    .where('business_id', '=', businessId)
    .where('phone_number_id', '=', phoneNumberId)
    .where('wa_id', '=', waId)
    .executeTakeFirst();
  return {
    lastInboundAt: row ? Number(row.last_inbound_at) : undefined,
    referralAt: row?.referral_at == null ? null : Number(row.referral_at),
    entryPointUntil: row?.entry_point_until == null ? null : Number(row.entry_point_until),
  };
}

/**
 * Unique users a business reached since `since` with a template sent outside their customer service
 * window with that number (no message from them in the 24 h before): what Meta's messaging limit
 * counts for the portfolio (spec §6.3). A failed send did not reach anyone.
 */
export async function countUsersReachedOutsideWindow(db: Executor, businessId: BusinessId, since: number): Promise<number> {
  const row = await db
    .selectFrom('messages as m')
    .select((eb) => eb.fn.count<number | string>('m.wa_id').distinct().as('n'))
    .where('m.business_id', '=', businessId)
    .where('m.direction', '=', 'out')
    .where('m.type', '=', 'template')
    .where('m.status', '!=', 'failed')
    .where('m.created_at', '>', since)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('messages as i')
            .select('i.id')
            .whereRef('i.business_id', '=', 'm.business_id')
            .whereRef('i.phone_number_id', '=', 'm.phone_number_id')
            .whereRef('i.wa_id', '=', 'm.wa_id')
            .where('i.direction', '=', 'in')
            .whereRef('i.created_at', '<=', 'm.created_at')
            .where(sql<boolean>`i.created_at > m.created_at - ${CUSTOMER_SERVICE_WINDOW_MS}`),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
