import type { Kysely } from 'kysely';

/** Pacing keys (a number, a number and a user) and their theoretical arrival times (src/messaging/pacing.ts). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('pacing')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('tat', 'double precision', (c) => c.notNull())
    .execute();
}
