import type { Kysely } from 'kysely';

/**
 * Media: files businesses upload and files users send them (spec §2). The bytes live on disk under
 * `<data dir>/media/`; a row holds their facts and where they are. Rows are never deleted: a
 * deleted or purged item keeps its row with `deleted_at` set, so its id stays answered as not found.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  // The purge looks for live rows past their expiry.
  await db.schema.createIndex('media_expiry').on('media').columns(['deleted_at', 'expires_at']).execute();
}
