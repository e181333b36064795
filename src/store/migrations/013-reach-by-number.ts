import type { Kysely } from 'kysely';

/** Which number reached a user, for the throughput upgrade's condition (spec §6.4: 100K users a day from one number). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sim_reach').addColumn('phone_number_id', 'text').execute();
  await db.schema.createIndex('sim_reach_number').on('sim_reach').columns(['phone_number_id', 'at', 'wa_id']).execute();
}
