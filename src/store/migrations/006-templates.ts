import type { Kysely } from 'kysely';

/**
 * Message templates (spec §3). A deleted template keeps its row (status DELETED, `deleted_at`), so
 * an approved one's name stays held for 30 days (`name_held_until`) and its id stays answered as not found; `edit_times` lists the
 * edits of the last 30 days, which Meta's edit limits count.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('previous_category', 'text')
    .addColumn('correct_category', 'text')
    .addColumn('parameter_format', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('message_send_ttl_seconds', 'integer')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rejected_reason', 'text')
    .addColumn('rejection_info', 'text')
    .addColumn('quality_score', 'text', (c) => c.notNull())
    .addColumn('quality_updated_at', 'bigint')
    .addColumn('pause_count', 'integer', (c) => c.notNull())
    .addColumn('paused_until', 'bigint')
    .addColumn('edit_times', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('name_held_until', 'bigint')
    .execute();
  await db.schema.createIndex('message_templates_name').on('message_templates').columns(['waba_id', 'name', 'language']).execute();
  await db.schema.createIndex('message_templates_created').on('message_templates').columns(['waba_id', 'created_at']).execute();
}
