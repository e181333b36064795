import { sql, type Kysely } from 'kysely';

/**
 * Media on Meta's side (issue 14): the files businesses upload and the files users send, kept by
 * the simulator in `sim_media` with their bytes under `<data dir>/sim-media/`. chatapp's `media`
 * is its own copy. An install that ran before holds every file in chatapp's table only: its live
 * rows are copied here once, with the same ids, their bytes marked to be adopted from chatapp's
 * folder the first time the simulator reads them (a migration reaches no files).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sim_media')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('mime_type', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('filename', 'text')
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute();
  // The purge looks for live rows past their expiry.
  await db.schema.createIndex('sim_media_expiry').on('sim_media').columns(['deleted_at', 'expires_at']).execute();
  await sql`insert into sim_media (id, business_id, phone_number_id, origin, mime_type, sha256, file_size, filename, storage_key, created_at, expires_at, deleted_at)
    select id, business_id, phone_number_id, case when origin = 'inbound' then 'user' else 'upload' end, mime_type, sha256, file_size, filename,
      'chatapp:' || storage_key, created_at, expires_at, null
    from media where deleted_at is null`.execute(db);
}
