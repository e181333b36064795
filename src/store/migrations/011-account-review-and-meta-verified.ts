import type { Kysely } from 'kysely';

/** Meta Verified (issue 5): a business's application, and the badge on its numbers once granted. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').addColumn('official_business_account', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('meta_verified')
    .addColumn('business_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
}
