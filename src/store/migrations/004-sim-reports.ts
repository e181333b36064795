import type { Kysely } from 'kysely';

/** Reports of a business by simulated users: the signal quality ratings are computed from. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sim_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sim_reports_number').on('sim_reports').columns(['phone_number_id', 'created_at']).execute();
}
