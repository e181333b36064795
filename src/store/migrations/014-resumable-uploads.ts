import type { Kysely } from 'kysely';

/**
 * Meta's Resumable Upload API: a session per file an app uploads (`POST /{app-id}/uploads`), its
 * bytes received so far (`file_offset`), and once whole the handle (`h`) that template examples and
 * profile pictures name. The bytes live on disk under `<data dir>/uploads/`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upload_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_type', 'text', (c) => c.notNull())
    .addColumn('file_length', 'bigint', (c) => c.notNull())
    .addColumn('file_offset', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'text')
    .addColumn('handle', 'text', (c) => c.unique())
    /** An unguessable name for the file where it is shown without a token (a profile picture's URL). */
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('completed_at', 'bigint')
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
}
