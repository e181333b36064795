import type { BusinessId } from '../core/brand.js';
import type { Executor } from '../store/database.js';
import type { MediaTable, UploadSessionsTable } from '../store/schema.js';
import type { Media, MediaOrigin } from './model.js';
import type { UploadSession } from './resumable.js';

/** The media and upload-session tables' SQL, and the install's URL-signing secret in `settings`. */

const toMedia = (row: MediaTable): Media => ({
  id: row.id,
  businessId: row.business_id as BusinessId,
  phoneNumberId: row.phone_number_id,
  mimeType: row.mime_type,
  sha256: row.sha256,
  fileSize: Number(row.file_size),
  filename: row.filename,
  origin: row.origin as MediaOrigin,
  storageKey: row.storage_key,
  createdAt: Number(row.created_at),
  expiresAt: Number(row.expires_at),
  deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
});

export async function insertMedia(db: Executor, media: Media): Promise<void> {
  await db
    .insertInto('media')
    .values({
      id: media.id,
      business_id: media.businessId,
      phone_number_id: media.phoneNumberId,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: media.fileSize,
      filename: media.filename,
      origin: media.origin,
      storage_key: media.storageKey,
      created_at: media.createdAt,
      expires_at: media.expiresAt,
      deleted_at: media.deletedAt,
    })
    .execute();
}

/** A business's media item, live or not; the caller judges expiry on its clock. */
export async function findMedia(db: Executor, businessId: BusinessId, id: string): Promise<Media | undefined> {
  const row = await db.selectFrom('media').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toMedia(row);
}

/**
 * An item by id whatever its business: ids are the upstream's, so before a file is kept under one
 * chatapp makes sure no other business's file has it. Not for answering a tenant.
 */
export async function findMediaAnyBusiness(db: Executor, id: string): Promise<Media | undefined> {
  const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toMedia(row);
}

/** Marks an item deleted once; false when it already was. */
export async function markDeleted(db: Executor, businessId: BusinessId, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('media')
    .set({ deleted_at: now })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Live rows past their expiry, across businesses: the purge is the platform's housekeeping, not a
 * tenant's query, so it takes no business id.
 */
export async function findExpired(db: Executor, now: number, limit: number): Promise<Media[]> {
  const rows = await db.selectFrom('media').selectAll().where('deleted_at', 'is', null).where('expires_at', '<=', now).orderBy('expires_at').limit(limit).execute();
  return rows.map(toMedia);
}

export async function markPurged(db: Executor, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable('media').set({ deleted_at: now }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Reads a setting, creating it with `candidate` first if it is absent; concurrent creators agree on the first. */
export async function ensureSetting(db: Executor, key: string, candidate: string): Promise<string> {
  await db.insertInto('settings').values({ key, value: candidate }).onConflict((oc) => oc.column('key').doNothing()).execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
  return row.value;
}

// ---- resumable upload sessions ------------------------------------------------------------------

const toSession = (row: UploadSessionsTable): UploadSession => ({
  id: row.id,
  businessId: row.business_id as BusinessId,
  appId: row.app_id,
  fileName: row.file_name,
  fileType: row.file_type,
  fileLength: Number(row.file_length),
  fileOffset: Number(row.file_offset),
  sha256: row.sha256,
  handle: row.handle,
  publicKey: row.public_key,
  createdAt: Number(row.created_at),
  completedAt: row.completed_at === null ? null : Number(row.completed_at),
  expiresAt: Number(row.expires_at),
});

export async function insertUploadSession(db: Executor, s: UploadSession): Promise<void> {
  await db
    .insertInto('upload_sessions')
    .values({
      id: s.id,
      business_id: s.businessId,
      app_id: s.appId,
      file_name: s.fileName,
      file_type: s.fileType,
      file_length: s.fileLength,
      file_offset: s.fileOffset,
      sha256: s.sha256,
      handle: s.handle,
      public_key: s.publicKey,
      created_at: s.createdAt,
      completed_at: s.completedAt,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findUploadSession(db: Executor, businessId: BusinessId, id: string): Promise<UploadSession | undefined> {
  const row = await db.selectFrom('upload_sessions').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toSession(row);
}

export async function findUploadByHandle(db: Executor, businessId: BusinessId, handle: string): Promise<UploadSession | undefined> {
  const row = await db.selectFrom('upload_sessions').selectAll().where('business_id', '=', businessId).where('handle', '=', handle).executeTakeFirst();
  return row && toSession(row);
}

/** A file shown without a token (a profile picture): its unguessable key is the only credential, so no business scopes it. */
export async function findUploadByPublicKey(db: Executor, publicKey: string): Promise<UploadSession | undefined> {
  const row = await db.selectFrom('upload_sessions').selectAll().where('public_key', '=', publicKey).where('handle', 'is not', null).executeTakeFirst();
  return row && toSession(row);
}

/** Moves a session from `from` to `to` bytes, and completes it when given the hash and handle; false when another chunk moved it first. */
export async function advanceUpload(db: Executor, s: { id: string; from: number; to: number; done?: { sha256: string; handle: string; at: number } }): Promise<boolean> {
  const result = await db
    .updateTable('upload_sessions')
    .set({ file_offset: s.to, ...(s.done ? { sha256: s.done.sha256, handle: s.done.handle, completed_at: s.done.at } : {}) })
    .where('id', '=', s.id)
    .where('file_offset', '=', s.from)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
