import type { Kysely } from 'kysely';

/**
 * Workers claim due jobs by kind (src/store/jobs.ts): (kind, status, run_at) makes a claim a seek
 * past nothing but its own due jobs. The simulator asks when a user last wrote to a number on every send (the customer service
 * window): with direction in the index that is one seek, not a walk through the whole chat.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('sim_messages_last_inbound')
    .on('sim_messages')
    .columns(['phone_number_id', 'wa_id', 'direction', 'created_at'])
    .execute();
  await db.schema.createIndex('jobs_claim').on('jobs').columns(['kind', 'status', 'run_at']).execute();
  await db.schema.dropIndex('jobs_due').execute();
}
