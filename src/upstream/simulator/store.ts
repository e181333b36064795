import type { Executor } from '../../store/database.js';
import { byLimit, bySize, precompiled } from '../../store/precompiled.js';
import type { SimMessagesTable } from '../../store/schema.js';
import type { Behaviour, ReceiptStep } from './model.js';

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

/**
 * Sets the receipts still to come for a message, in time order, due at the first. The receipts
 * worker claims the message when that time comes; a claim under way loses its lease.
 */
const setPlanRow = precompiled((db, p: { id: string; plan: string | null; dueAt: number | null }) =>
  db.updateTable('sim_messages').set({ receipt_plan: p.plan, receipt_due_at: p.dueAt, receipt_lease_until: null }).where('id', '=', p.id),
);

export async function setReceiptPlan(db: Executor, id: string, plan: readonly ReceiptStep[]): Promise<void> {
  const steps = [...plan].sort((a, b) => a.at - b.at);
  await setPlanRow.execute(db, { id, plan: steps.length > 0 ? JSON.stringify(steps) : null, dueAt: steps[0]?.at ?? null });
}

/**
 * Adds one step to a message's plan (a user reads it now, say). A claim under way loses its lease:
 * its step is done again, which the ticks absorb.
 */
export async function addReceiptStep(db: Executor, id: string, step: ReceiptStep): Promise<void> {
  const row = await db.selectFrom('sim_messages').select('receipt_plan').where('id', '=', id).executeTakeFirst();
  if (!row) return;
  await setReceiptPlan(db, id, [...parsePlan(row.receipt_plan), step]);
}

/** A message claimed for its next receipt, with the plan it had and the lease the claim holds (wall ms). */
export interface ClaimedReceipts {
  readonly message: SimMessage;
  readonly plan: readonly ReceiptStep[];
  readonly leaseUntil: number;
}

type Claimable = 'due' | 'expired';

/**
 * A claim takes a message out of the due ones (its due time is null while claimed; the plan keeps
 * the steps' times) and leases it until a wall time; a claim of expired leases takes messages whose
 * worker never reported back and leases them again. Each statement is compiled once per dialect
 * and limit; both name their column in a comparison, so the partial indexes answer them.
 */
const claimRows = (which: Claimable, dialect: 'sqlite' | 'postgres') =>
  byLimit((limit) =>
    precompiled((db, c: { now: number; wallNow: number; leaseUntil: number }) =>
      db
        .updateTable('sim_messages')
        .set(which === 'due' ? { receipt_due_at: null, receipt_lease_until: c.leaseUntil } : { receipt_lease_until: c.leaseUntil })
        .where('id', 'in', (eb) => {
          const messages = eb.selectFrom('sim_messages').select('id');
          const claimable =
            which === 'due'
              ? messages.where('receipt_due_at', '<=', c.now).orderBy('receipt_due_at')
              : messages.where('receipt_lease_until', '<', c.wallNow).orderBy('receipt_lease_until');
          const limited = claimable.limit(limit);
          return dialect === 'postgres' ? limited.forUpdate().skipLocked() : limited;
        })
        .returningAll(),
    ),
  );
const claimOn = {
  due: { sqlite: claimRows('due', 'sqlite'), postgres: claimRows('due', 'postgres') },
  expired: { sqlite: claimRows('expired', 'sqlite'), postgres: claimRows('expired', 'postgres') },
};

/** What a claim compares and sets: `now` (sandbox clock) says which receipts are due; leases are on wall time. */
export interface ReceiptClaimOptions {
  readonly now: number;
  readonly wallNow: number;
  readonly leaseMs: number;
  readonly limit: number;
}

async function claimReceipts(which: Claimable, store: { db: Executor; dialect: 'sqlite' | 'postgres' }, options: ReceiptClaimOptions): Promise<ClaimedReceipts[]> {
  const leaseUntil = options.wallNow + options.leaseMs;
  const rows = await claimOn[which][store.dialect](options.limit).statement.execute(store.db, { now: options.now, wallNow: options.wallNow, leaseUntil });
  return rows.map((row) => ({ message: toSimMessage(row), plan: parsePlan(row.receipt_plan), leaseUntil }));
}

/**
 * Claims up to `limit` messages whose next receipt is due, earliest first, and leases them until
 * `wallNow + leaseMs`, so a step whose worker died is done again then (`claimExpiredReceipts`),
 * however far the sandbox clock jumps meanwhile. On PostgreSQL `SKIP LOCKED` lets several
 * processes claim side by side.
 */
export const claimDueReceipts = (store: { db: Executor; dialect: 'sqlite' | 'postgres' }, options: ReceiptClaimOptions): Promise<ClaimedReceipts[]> => claimReceipts('due', store, options);

/** Claims messages whose claim's lease ran out by wall time (their worker died or hung) and leases them again. */
export const claimExpiredReceipts = (store: { db: Executor; dialect: 'sqlite' | 'postgres' }, options: ReceiptClaimOptions): Promise<ClaimedReceipts[]> =>
  claimReceipts('expired', store, options);

/** Replaces a claimed message's plan with what remains and gives the lease back, only while the claim's lease holds. */
const advancePlanRow = precompiled((db, p: { id: string; leaseUntil: number; plan: string | null; dueAt: number | null }) =>
  db
    .updateTable('sim_messages')
    .set({ receipt_plan: p.plan, receipt_due_at: p.dueAt, receipt_lease_until: null })
    .where('id', '=', p.id)
    .where('receipt_lease_until', '=', p.leaseUntil),
);

export async function advanceReceiptPlan(db: Executor, claimed: { id: string; leaseUntil: number; rest: readonly ReceiptStep[] }): Promise<boolean> {
  const { id, leaseUntil, rest } = claimed;
  return (await advancePlanRow.numAffectedRows(db, { id, leaseUntil, plan: rest.length > 0 ? JSON.stringify(rest) : null, dueAt: rest[0]?.at ?? null })) > 0n;
}

// `is not null` lets the partial index (migration 023) answer from its first entry.
const nextReceiptDueRow = precompiled((db) => db.selectFrom('sim_messages').select((eb) => eb.fn.min('receipt_due_at').as('at')).where('receipt_due_at', 'is not', null));

/** When the earliest receipt is due: the worker sleeps until then. Claimed messages are not due; their lease ends are looked for apart. */
export async function nextReceiptDue(db: Executor): Promise<number | undefined> {
  const row = await nextReceiptDueRow.executeTakeFirst(db);
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

const parsePlan = (plan: string | null): ReceiptStep[] => (plan === null ? [] : (JSON.parse(plan) as ReceiptStep[]));

/** Inserts a message once; false when the platform already has it (a repeated hand-over). */
const insertSimMessageRow = precompiled((db, row: Omit<SimMessagesTable, 'receipt_plan' | 'receipt_due_at' | 'receipt_lease_until'>) =>
  db.insertInto('sim_messages').values(row).onConflict((oc) => oc.column('id').doNothing()),
);

export async function insertSimMessage(db: Executor, m: SimMessage): Promise<boolean> {
  const inserted = await insertSimMessageRow.numAffectedRows(db, {
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
  });
  return inserted > 0n;
}

const findSimMessageRow = precompiled((db, id: string) => db.selectFrom('sim_messages').selectAll().where('id', '=', id));

export async function findSimMessage(db: Executor, id: string): Promise<SimMessage | undefined> {
  const row = await findSimMessageRow.executeTakeFirst(db, id);
  return row && toSimMessage(row);
}

// Arguments: the id, the new status, then each status it may move from.
const setSimStatusRow = bySize(() =>
  precompiled((db, ...a: string[]) => db.updateTable('sim_messages').set({ status: a[1]! }).where('id', '=', a[0]!).where('status', 'in', a.slice(2))),
);

/** Moves a message's ticks forward from any of `from`; concurrent receipts can only move it forward. */

export async function setSimStatus(db: Executor, id: string, from: readonly string[], to: string): Promise<boolean> {
  if (from.length === 0) return false;
  return (await setSimStatusRow(from.length).numAffectedRows(db, id, to, ...from)) > 0n;
}

const lastInboundRow = precompiled((db, phoneNumberId: string, waId: string) =>
  db.selectFrom('sim_messages').select((eb) => eb.fn.max('created_at').as('at')).where('phone_number_id', '=', phoneNumberId).where('wa_id', '=', waId).where('direction', '=', 'in'),
);

export async function lastInboundAt(db: Executor, phoneNumberId: string, waId: string): Promise<number | undefined> {
  const row = await lastInboundRow.executeTakeFirst(db, phoneNumberId, waId);
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
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

/** Simulated users live in one business's sandbox (migration 024): every read and write names it. */
export async function upsertSimUser(db: Executor, user: { businessId: string; waId: string; profileName: string; behaviour: Partial<Behaviour>; now: number }): Promise<void> {
  await db
    .insertInto('sim_users')
    .values({ business_id: user.businessId, wa_id: user.waId, profile_name: user.profileName, behaviour: JSON.stringify(user.behaviour), created_at: user.now })
    .onConflict((oc) => oc.columns(['business_id', 'wa_id']).doUpdateSet({ profile_name: user.profileName, behaviour: JSON.stringify(user.behaviour) }))
    .execute();
}

const findSimUserRow = precompiled((db, businessId: string, waId: string) => db.selectFrom('sim_users').selectAll().where('business_id', '=', businessId).where('wa_id', '=', waId));

export async function findSimUser(db: Executor, businessId: string, waId: string): Promise<{ profileName: string; behaviour: Partial<Behaviour> } | undefined> {
  const row = await findSimUserRow.executeTakeFirst(db, businessId, waId);
  return row && { profileName: row.profile_name, behaviour: JSON.parse(row.behaviour) as Partial<Behaviour> };
}

export async function listSimUsers(db: Executor, businessId: string, limit: number): Promise<{ waId: string; profileName: string; behaviour: Partial<Behaviour> }[]> {
  const rows = await db.selectFrom('sim_users').selectAll().where('business_id', '=', businessId).orderBy('created_at', 'desc').orderBy('wa_id').limit(limit).execute();
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

const blockRow = precompiled((db, waId: string, phoneNumberId: string) => db.selectFrom('sim_blocks').select('wa_id').where('wa_id', '=', waId).where('phone_number_id', '=', phoneNumberId));

export async function isBlocked(db: Executor, waId: string, phoneNumberId: string): Promise<boolean> {
  const row = await blockRow.executeTakeFirst(db, waId, phoneNumberId);
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
