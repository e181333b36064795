import type { Executor } from '../../store/database.js';
import type { SimMediaTable } from '../../store/schema.js';

/** The simulator's media table (`sim_media`, migration 027) and its URL-signing secret. */

export type SimMediaOrigin = 'upload' | 'user';

export interface SimMedia {
  readonly id: string;
  readonly businessId: string;
  readonly phoneNumberId: string;
  readonly origin: SimMediaOrigin;
  readonly mimeType: string;
  /** Hex. */
  readonly sha256: string;
  readonly fileSize: number;
  readonly filename: string | null;
  readonly storageKey: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly deletedAt: number | null;
}

const toSimMedia = (row: SimMediaTable): SimMedia => ({
  id: row.id,
  businessId: row.business_id,
  phoneNumberId: row.phone_number_id,
  origin: row.origin as SimMediaOrigin,
  mimeType: row.mime_type,
  sha256: row.sha256,
  fileSize: Number(row.file_size),
  filename: row.filename,
  storageKey: row.storage_key,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
});

export async function insertSimMedia(db: Executor, media: SimMedia): Promise<void> {
  await db
    .insertInto('sim_media')
    .values({
      id: media.id,
      business_id: media.businessId,
      phone_number_id: media.phoneNumberId,
      origin: media.origin,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: media.fileSize,
      filename: media.filename,
      storage_key: media.storageKey,
      created_at: media.createdAt,
      expires_at: media.expiresAt,
      deleted_at: media.deletedAt,
    })
    .execute();
}

/** An item by id, live or not; the caller judges expiry on its clock. */
export async function findSimMedia(db: Executor, id: string): Promise<SimMedia | undefined> {
  const row = await db.selectFrom('sim_media').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toSimMedia(row);
}

/** Marks an item deleted (by its owner, or purged at expiry) once; false when it already was. */
export async function markSimMediaDeleted(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable('sim_media').set({ deleted_at: now }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Live rows past their expiry, oldest first: the platform's housekeeping. */
export async function findExpiredSimMedia(db: Executor, now: number, limit: number): Promise<SimMedia[]> {
  const rows = await db.selectFrom('sim_media').selectAll().where('deleted_at', 'is', null).where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
  return rows.map(toSimMedia);
}

/** An item's bytes moved to a new place (adopted from chatapp's folder). */
export async function moveSimMedia(db: Executor, id: string, from: string, to: string): Promise<void> {
  await db.updateTable('sim_media').set({ storage_key: to }).where('id', '=', id).where('storage_key', '=', from).execute();
}

/** Reads a setting, creating it with `candidate` first if it is absent; concurrent creators agree on the first. */
export async function ensureSimSetting(db: Executor, key: string, candidate: string): Promise<string> {
  await db.insertInto('settings').values({ key, value: candidate }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}
