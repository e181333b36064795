import type { Kysely } from 'kysely';

/**
 * Business verification (what a business submitted and how review went) and, on the simulated
 * platform's side, the portfolio's messaging limit: its tier, and every business-initiated reach
 * of a user outside a customer service window (spec §6.3 counts unique users in a moving 24 hours).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_verifications')
    .addColumn('business_id', 'text', (c) => c.primaryKey())
    .addColumn('legal_name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('website', 'text', (c) => c.notNull())
    .addColumn('documents', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('rejection_reason', 'text')
    .addColumn('submitted_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();

  await db.schema
    .createTable('sim_business_limits')
    .addColumn('business_id', 'text', (c) => c.primaryKey())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('upgrade_due_at', 'bigint')
    .execute();
  await db.schema
    .createTable('sim_reach')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sim_reach_business').on('sim_reach').columns(['business_id', 'at', 'wa_id']).execute();
}
