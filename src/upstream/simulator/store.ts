import type { Executor } from '../../store/database.js';
import type { SimMessagesTable } from '../../store/schema.js';
import type { Behaviour } from './model.js';

export interface SimMessage {
  readonly id: string;
  readonly phoneNumberId: string;
  readonly waId: string;
  /** 'out': from the business to the user; 'in': from the user to the business. */
  readonly direction: 'out' | 'in';
  readonly type: string;
  readonly content: unknown;
  readonly status: string;
  readonly bizOpaqueCallbackData: string | null;
  readonly createdAt: number;
  /** Meta's pricing decision at hand-over (`pricing`, `conversation`), for the statuses that carry them. */
  readonly billing?: SimBilling | null;
}

export interface SimBilling {
  readonly pricing: Record<string, unknown>;
  readonly conversation: { readonly id: string; readonly expiration_timestamp: string; readonly origin: { readonly type: string } };
}

const toSimMessage = (row: SimMessagesTable): SimMessage => ({
  id: row.id,
  phoneNumberId: row.phone_number_id,
  waId: row.wa_id,
  direction: row.direction as 'out' | 'in',
  type: row.type,
  content: JSON.parse(row.content) as unknown,
  status: row.status,
  bizOpaqueCallbackData: row.biz_opaque_callback_data,
  createdAt: row.created_at,
  billing: row.billing === null ? null : (JSON.parse(row.billing) as SimBilling),
});

/** Inserts a message once; false when the platform already has it (a repeated hand-over). */
export async function insertSimMessage(db: Executor, m: SimMessage): Promise<boolean> {
  const result = await db
    .insertInto('sim_messages')
    .values({
      id: m.id,
      phone_number_id: m.phoneNumberId,
      wa_id: m.waId,
      direction: m.direction,
      type: m.type,
      content: JSON.stringify(m.content),
      status: m.status,
      biz_opaque_callback_data: m.bizOpaqueCallbackData,
      created_at: m.createdAt,
      billing: m.billing ? JSON.stringify(m.billing) : null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findSimMessage(db: Executor, id: string): Promise<SimMessage | undefined> {
  const row = await db.selectFrom('sim_messages').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSimMessage(row);
}

/** Moves a message's ticks forward from any of `from`; concurrent receipts can only move it forward. */
export async function setSimStatus(db: Executor, id: string, from: readonly string[], to: string): Promise<boolean> {
  if (from.length === 0) return false;
  const result = await db.updateTable('sim_messages').set({ status: to }).where('id', '=', id).where('status', 'in', from).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function lastInboundAt(db: Executor, phoneNumberId: string, waId: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('sim_messages')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('phone_number_id', '=', phoneNumberId)
    .where('wa_id', '=', waId)
    .where('direction', '=', 'in')
    .executeTakeFirst();
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

export async function countToUser(db: Executor, phoneNumberId: string, waId: string): Promise<number> {
  const row = await db
    .selectFrom('sim_messages')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('phone_number_id', '=', phoneNumberId)
    .where('wa_id', '=', waId)
    .where('direction', '=', 'out')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listChat(db: Executor, waId: string, phoneNumberId: string, limit: number): Promise<SimMessage[]> {
  const rows = await db
    .selectFrom('sim_messages')
    .selectAll()
    .where('wa_id', '=', waId)
    .where('phone_number_id', '=', phoneNumberId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toSimMessage).reverse();
}

export async function upsertSimUser(db: Executor, user: { waId: string; profileName: string; behaviour: Partial<Behaviour>; now: number }): Promise<void> {
  await db
    .insertInto('sim_users')
    .values({ wa_id: user.waId, profile_name: user.profileName, behaviour: JSON.stringify(user.behaviour), created_at: user.now })
    .onConflict((oc) => oc.column('wa_id').doUpdateSet({ profile_name: user.profileName, behaviour: JSON.stringify(user.behaviour) }))
    .execute();
}

export async function findSimUser(db: Executor, waId: string): Promise<{ profileName: string; behaviour: Partial<Behaviour> } | undefined> {
  const row = await db.selectFrom('sim_users').selectAll().where('wa_id', '=', waId).executeTakeFirst();
  return row && { profileName: row.profile_name, behaviour: JSON.parse(row.behaviour) as Partial<Behaviour> };
}

export async function listSimUsers(db: Executor, limit: number): Promise<{ waId: string; profileName: string; behaviour: Partial<Behaviour> }[]> {
  const rows = await db.selectFrom('sim_users').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ waId: r.wa_id, profileName: r.profile_name, behaviour: JSON.parse(r.behaviour) as Partial<Behaviour> }));
}

export async function setBlocked(db: Executor, waId: string, phoneNumberId: string, blocked: boolean, now: number): Promise<void> {
  if (blocked) {
    await db
      .insertInto('sim_blocks')
      .values({ wa_id: waId, phone_number_id: phoneNumberId, created_at: now })
      .onConflict((oc) => oc.columns(['wa_id', 'phone_number_id']).doNothing())
      .execute();
  } else {
    await db.deleteFrom('sim_blocks').where('wa_id', '=', waId).where('phone_number_id', '=', phoneNumberId).execute();
  }
}

export async function isBlocked(db: Executor, waId: string, phoneNumberId: string): Promise<boolean> {
  const row = await db.selectFrom('sim_blocks').select('wa_id').where('wa_id', '=', waId).where('phone_number_id', '=', phoneNumberId).executeTakeFirst();
  return row !== undefined;
}

export async function readSetting(db: Executor, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeSetting(db: Executor, key: string, value: string): Promise<void> {
  await db.insertInto('settings').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
}

export async function insertReport(db: Executor, report: { id: string; waId: string; phoneNumberId: string; reason: string; now: number }): Promise<void> {
  await db
    .insertInto('sim_reports')
    .values({ id: report.id, wa_id: report.waId, phone_number_id: report.phoneNumberId, reason: report.reason, created_at: report.now })
    .execute();
}

export async function countReports(db: Executor, phoneNumberId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('sim_reports')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('phone_number_id', '=', phoneNumberId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
