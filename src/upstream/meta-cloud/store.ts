import type { Executor } from '../../store/database.js';

/** The meta-cloud connector's SQL (migration 030): links, hand-overs, webhook deliveries. */

export interface MetaLink {
  readonly wabaId: string;
  readonly businessId: string;
  readonly tokenSealed: string;
}

export async function saveLink(db: Executor, link: MetaLink & { now: number }): Promise<void> {
  await db
    .insertInto('meta_links')
    .values({ waba_id: link.wabaId, business_id: link.businessId, token_sealed: link.tokenSealed, linked_at: link.now, reconciled_at: null })
    .onConflict((oc) => oc.column('waba_id').doUpdateSet({ business_id: link.businessId, token_sealed: link.tokenSealed, linked_at: link.now }))
    .execute();
}

export async function findLink(db: Executor, wabaId: string): Promise<MetaLink | undefined> {
  const row = await db.selectFrom('meta_links').select(['waba_id', 'business_id', 'token_sealed']).where('waba_id', '=', wabaId).executeTakeFirst();
  return row && { wabaId: row.waba_id, businessId: row.business_id, tokenSealed: row.token_sealed };
}

export async function deleteLink(db: Executor, wabaId: string): Promise<void> {
  await db.deleteFrom('meta_links').where('waba_id', '=', wabaId).execute();
}

export async function listLinks(db: Executor): Promise<MetaLink[]> {
  const rows = await db.selectFrom('meta_links').select(['waba_id', 'business_id', 'token_sealed']).orderBy('linked_at').execute();
  return rows.map((row) => ({ wabaId: row.waba_id, businessId: row.business_id, tokenSealed: row.token_sealed }));
}

export async function markReconciled(db: Executor, wabaId: string, now: number): Promise<void> {
  await db.updateTable('meta_links').set({ reconciled_at: now }).where('waba_id', '=', wabaId).execute();
}

/** The WABA a number is in, from chatapp's mirror of it (numbers are mirrored when linked or added). */
export async function wabaOfNumber(db: Executor, phoneNumberId: string): Promise<string | undefined> {
  return (await db.selectFrom('phone_numbers').select('waba_id').where('id', '=', phoneNumberId).executeTakeFirst())?.waba_id;
}

// ---- hand-overs ----

export interface Handover {
  readonly wamid: string;
  readonly metaWamid: string | null;
}

export async function findHandover(db: Executor, wamid: string): Promise<Handover | undefined> {
  const row = await db.selectFrom('meta_handovers').select(['wamid', 'meta_wamid']).where('wamid', '=', wamid).executeTakeFirst();
  return row && { wamid: row.wamid, metaWamid: row.meta_wamid };
}

export async function startHandover(db: Executor, h: { wamid: string; phoneNumberId: string; now: number }): Promise<void> {
  await db.insertInto('meta_handovers').values({ wamid: h.wamid, phone_number_id: h.phoneNumberId, meta_wamid: null, started_at: h.now, answered_at: null }).execute();
}

export async function answerHandover(db: Executor, h: { wamid: string; metaWamid: string; now: number }): Promise<void> {
  await db.updateTable('meta_handovers').set({ meta_wamid: h.metaWamid, answered_at: h.now }).where('wamid', '=', h.wamid).execute();
}

/** Meta answered with a refusal: nothing was sent, and a later attempt may go. */
export async function dropHandover(db: Executor, wamid: string): Promise<void> {
  await db.deleteFrom('meta_handovers').where('wamid', '=', wamid).where('meta_wamid', 'is', null).execute();
}

/** chatapp's wamid for Meta's; undefined for a message chatapp did not send (an inbound one's id). */
export async function chatappWamid(db: Executor, metaWamid: string): Promise<string | undefined> {
  return (await db.selectFrom('meta_handovers').select('wamid').where('meta_wamid', '=', metaWamid).executeTakeFirst())?.wamid;
}

/** Meta's wamid for chatapp's; undefined when chatapp's names no message Meta answered for. */
export async function metaWamid(db: Executor, wamid: string): Promise<string | undefined> {
  return (await db.selectFrom('meta_handovers').select('meta_wamid').where('wamid', '=', wamid).executeTakeFirst())?.meta_wamid ?? undefined;
}

/** Whether any hand-over since `since` still waits for Meta's answer: a status may name a wamid about to be recorded. */
export async function handoverInFlight(db: Executor, since: number): Promise<boolean> {
  return (await db.selectFrom('meta_handovers').select('wamid').where('meta_wamid', 'is', null).where('started_at', '>=', since).limit(1).executeTakeFirst()) !== undefined;
}

// ---- webhook deliveries ----

/** Keeps a delivery; false when the same body was kept before (Meta delivered it again). */
export async function keepDelivery(db: Executor, d: { id: string; body: string; now: number }): Promise<boolean> {
  const result = await db.insertInto('meta_deliveries').values({ id: d.id, body: d.body, received_at: d.now, applied_at: null }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function findDelivery(db: Executor, id: string): Promise<{ body: string; receivedAt: number; appliedAt: number | null } | undefined> {
  const row = await db.selectFrom('meta_deliveries').select(['body', 'received_at', 'applied_at']).where('id', '=', id).executeTakeFirst();
  return row && { body: row.body, receivedAt: Number(row.received_at), appliedAt: row.applied_at === null ? null : Number(row.applied_at) };
}

export async function markApplied(db: Executor, id: string, now: number): Promise<void> {
  await db.updateTable('meta_deliveries').set({ applied_at: now }).where('id', '=', id).execute();
}
