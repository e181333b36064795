import type { BusinessId, MemberId } from '../core/brand.js';
import type { Executor } from '../store/database.js';

/* The inbox's per-business tables besides conversations: contact labels, canned replies, settings. */

export async function addLabel(db: Executor, l: { businessId: BusinessId; waId: string; label: string; now: number }): Promise<void> {
  await db
    .insertInto('contact_labels')
    .values({ business_id: l.businessId, wa_id: l.waId, label: l.label, created_at: l.now })
    .onConflict((oc) => oc.columns(['business_id', 'wa_id', 'label']).doNothing())
    .execute();
}

export async function removeLabel(db: Executor, l: { businessId: BusinessId; waId: string; label: string }): Promise<void> {
  await db.deleteFrom('contact_labels').where('business_id', '=', l.businessId).where('wa_id', '=', l.waId).where('label', '=', l.label).execute();
}

/** Each customer's labels, for a page of conversations. */
export async function labelsOf(db: Executor, businessId: BusinessId, waIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (waIds.length === 0) return out;
  const rows = await db.selectFrom('contact_labels').select(['wa_id', 'label']).where('business_id', '=', businessId).where('wa_id', 'in', [...new Set(waIds)]).orderBy('label').execute();
  for (const r of rows) out.set(r.wa_id, [...(out.get(r.wa_id) ?? []), r.label]);
  return out;
}

/** The business's labels with how many contacts carry each. */
export async function labelCounts(db: Executor, businessId: BusinessId): Promise<{ label: string; count: number }[]> {
  const rows = await db
    .selectFrom('contact_labels')
    .select((eb) => ['label', eb.fn.countAll<number | string>().as('n')])
    .where('business_id', '=', businessId)
    .groupBy('label')
    .orderBy('label')
    .execute();
  return rows.map((r) => ({ label: r.label, count: Number(r.n) }));
}

export interface CannedReply {
  readonly id: string;
  readonly shortcut: string;
  readonly text: string;
  readonly createdBy: MemberId;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export async function listCannedReplies(db: Executor, businessId: BusinessId): Promise<CannedReply[]> {
  const rows = await db.selectFrom('canned_replies').selectAll().where('business_id', '=', businessId).orderBy('shortcut').execute();
  return rows.map((r) => ({ id: r.id, shortcut: r.shortcut, text: r.text, createdBy: r.created_by as MemberId, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) }));
}

export async function findCannedByShortcut(db: Executor, businessId: BusinessId, shortcut: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('canned_replies').select('id').where('business_id', '=', businessId).where('shortcut', '=', shortcut).executeTakeFirst();
}

export async function insertCannedReply(db: Executor, c: { businessId: BusinessId; reply: CannedReply }): Promise<void> {
  const r = c.reply;
  await db
    .insertInto('canned_replies')
    .values({ id: r.id, business_id: c.businessId, shortcut: r.shortcut, text: r.text, created_by: r.createdBy, created_at: r.createdAt, updated_at: r.updatedAt })
    .execute();
}

export async function updateCannedReply(db: Executor, c: { businessId: BusinessId; id: string; shortcut?: string; text?: string; now: number }): Promise<boolean> {
  const result = await db
    .updateTable('canned_replies')
    .set({ ...(c.shortcut !== undefined ? { shortcut: c.shortcut } : {}), ...(c.text !== undefined ? { text: c.text } : {}), updated_at: c.now })
    .where('business_id', '=', c.businessId)
    .where('id', '=', c.id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteCannedReply(db: Executor, businessId: BusinessId, id: string): Promise<boolean> {
  const result = await db.deleteFrom('canned_replies').where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export interface InboxSettings {
  readonly autoAssign: boolean;
  readonly lastAssignedId: string | null;
}

/** Auto-assignment is off until an admin turns it on: agents who claim by hand are never surprised. */
export async function findSettings(db: Executor, businessId: BusinessId): Promise<InboxSettings> {
  const row = await db.selectFrom('inbox_settings').selectAll().where('business_id', '=', businessId).executeTakeFirst();
  return { autoAssign: row ? Number(row.auto_assign) === 1 : false, lastAssignedId: row?.last_assigned_id ?? null };
}

export async function saveSettings(db: Executor, s: { businessId: BusinessId; autoAssign?: boolean; lastAssignedId?: string; now: number }): Promise<void> {
  const current = await findSettings(db, s.businessId);
  const autoAssign = (s.autoAssign ?? current.autoAssign) ? 1 : 0;
  const lastAssignedId = s.lastAssignedId ?? current.lastAssignedId;
  await db
    .insertInto('inbox_settings')
    .values({ business_id: s.businessId, auto_assign: autoAssign, last_assigned_id: lastAssignedId, updated_at: s.now })
    .onConflict((oc) => oc.column('business_id').doUpdateSet({ auto_assign: autoAssign, last_assigned_id: lastAssignedId, updated_at: s.now }))
    .execute();
}
