import type { Kysely } from 'kysely';

/**
 * A template's status history (src/templates/history.ts): one row per change of its status,
 * category or quality, written in the transaction that made the change. `detail` is JSON: the
 * reasons and figures of that kind of change (rejection_info, other_info, disable_info, the pause's
 * end, the previous and new category or quality).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('template_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    /** The template's status, category and quality right after the change. */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('quality_score', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('template_events_timeline').on('template_events').columns(['business_id', 'template_id', 'created_at']).execute();
}
