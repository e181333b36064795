import { sql, type Kysely } from 'kysely';

/**
 * The webhook outbox becomes its own queue: a pending event carries when it is next due, and the
 * delivery worker claims events straight from this table, with no job per event (a job insert,
 * a claim, a read of the event and an ack fewer for every webhook). `replayed_at` gives a replayed
 * event 7 days of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('webhook_events').addColumn('next_attempt_at', 'bigint').execute();
  await db.schema.alterTable('webhook_events').addColumn('replayed_at', 'bigint').execute();
  await db.schema.createIndex('webhook_events_due').on('webhook_events').columns(['status', 'next_attempt_at']).execute();
  // Events waiting under the old scheme: due now, and a replay keeps the time it was asked for.
  await sql`
    update webhook_events set
      next_attempt_at = 0,
      replayed_at = (select min(j.created_at) from jobs j where j.kind = 'webhook.deliver' and j.payload like '%"replayedAt"%' and j.payload like '%"' || webhook_events.id || '"%')
    where status = 'pending'`.execute(db);
  await sql`delete from jobs where kind = 'webhook.deliver'`.execute(db);
}
