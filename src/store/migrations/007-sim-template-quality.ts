import type { Kysely } from 'kysely';

/**
 * What the simulated platform knows of template quality: which template each message used, and
 * the blocks and reports that followed one (spec §3.4: quality is driven by user feedback).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sim_template_sends')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sim_template_sends_template').on('sim_template_sends').columns(['template_id', 'created_at']).execute();
  await db.schema.createIndex('sim_template_sends_user').on('sim_template_sends').columns(['phone_number_id', 'wa_id', 'created_at']).execute();
  await db.schema
    .createTable('sim_template_signals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sim_template_signals_template').on('sim_template_signals').columns(['template_id', 'created_at']).execute();
}
