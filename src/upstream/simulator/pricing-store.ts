import type { Executor } from '../../store/database.js';
import { precompiled } from '../../store/precompiled.js';
import type { SimBilling } from './store.js';

/** The simulated platform's pricing state: users' ad referrals and free entry point windows, and service messages per number and month. */

export interface SimEntryPoint {
  readonly referralAt: number | null;
  readonly openedAt: number | null;
  readonly until: number | null;
  readonly conversationId: string | null;
}

const entryPointRow = precompiled((db, phoneNumberId: string, waId: string) =>
  db.selectFrom('sim_entry_points').selectAll().where('phone_number_id', '=', phoneNumberId).where('wa_id', '=', waId),
);

export async function findEntryPoint(db: Executor, phoneNumberId: string, waId: string): Promise<SimEntryPoint | undefined> {
  const row = await entryPointRow.executeTakeFirst(db, phoneNumberId, waId);
  return row && { referralAt: row.referral_at === null ? null : Number(row.referral_at), openedAt: row.opened_at === null ? null : Number(row.opened_at), until: row.until === null ? null : Number(row.until), conversationId: row.conversation_id };
}

export async function recordReferral(db: Executor, r: { phoneNumberId: string; waId: string; at: number }): Promise<void> {
  await db
    .insertInto('sim_entry_points')
    .values({ phone_number_id: r.phoneNumberId, wa_id: r.waId, referral_at: r.at, opened_at: null, until: null, conversation_id: null })
    .onConflict((oc) => oc.columns(['phone_number_id', 'wa_id']).doUpdateSet({ referral_at: r.at }))
    .execute();
}

export async function openEntryPoint(db: Executor, e: { phoneNumberId: string; waId: string; openedAt: number; until: number; conversationId: string }): Promise<void> {
  await db
    .updateTable('sim_entry_points')
    .set({ opened_at: e.openedAt, until: e.until, conversation_id: e.conversationId })
    .where('phone_number_id', '=', e.phoneNumberId)
    .where('wa_id', '=', e.waId)
    .execute();
}

/** Service messages the number had this month before this one; counts this one in. */
const countServiceRow = precompiled((db, c: { phoneNumberId: string; month: string }) =>
  db
    .insertInto('sim_service_counts')
    .values({ phone_number_id: c.phoneNumberId, month: c.month, count: 1 })
    .onConflict((oc) => oc.columns(['phone_number_id', 'month']).doUpdateSet((eb) => ({ count: eb('sim_service_counts.count', '+', 1) })))
    .returning('count'),
);

export async function countServiceMessage(db: Executor, c: { phoneNumberId: string; month: string }): Promise<number> {
  const row = await countServiceRow.executeTakeFirst(db, c);
  return Number(row!.count) - 1;
}

export async function serviceMessagesThisMonth(db: Executor, c: { phoneNumberId: string; month: string }): Promise<number> {
  const row = await db.selectFrom('sim_service_counts').select('count').where('phone_number_id', '=', c.phoneNumberId).where('month', '=', c.month).executeTakeFirst();
  return row ? Number(row.count) : 0;
}

const setBillingRow = precompiled((db, messageId: string, billing: string) => db.updateTable('sim_messages').set({ billing }).where('id', '=', messageId));

export async function setSimBilling(db: Executor, messageId: string, billing: SimBilling): Promise<void> {
  await setBillingRow.execute(db, messageId, JSON.stringify(billing));
}
