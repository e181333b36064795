import { sql, type Kysely } from 'kysely';

interface Tables {
  webhook_events: { lease_until: number | null };
  sim_messages: { receipt_lease_until: number | null };
  settings: { key: string; value: string };
}

/**
 * Sessions, token expiry and leases run on wall time: a jump of the sandbox clock expires nobody's
 * session and hands no claimed work to a second worker. The webhook outbox and the simulator's
 * receipts leased a row by moving its due time (sandbox clock) forward; each gets a lease column of
 * its own, set only while a claim holds the row, and an index of the leased rows alone for the
 * look for expired ones. Times stored on the sandbox clock that are now read on wall time move
 * back by the sandbox's offset, so each keeps what it had left.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  await k.schema.alterTable('webhook_events').addColumn('lease_until', 'bigint').execute();
  await k.schema.createIndex('webhook_events_lease').on('webhook_events').column('lease_until').where('lease_until', 'is not', null).execute();
  await k.schema.alterTable('sim_messages').addColumn('receipt_lease_until', 'bigint').execute();
  await k.schema.createIndex('sim_messages_receipt_lease').on('sim_messages').column('receipt_lease_until').where('receipt_lease_until', 'is not', null).execute();
  // The key the simulator keeps its clock's offset under (src/upstream/simulator/clock.ts).
  const saved = await k.selectFrom('settings').select('value').where('key', '=', 'sandbox_clock_offset_ms').executeTakeFirst();
  const offset = Math.trunc(Number(saved?.value ?? 0));
  if (!(offset > 0)) return;
  await sql`update console_sessions set expires_at = expires_at - ${offset}, created_at = created_at - ${offset}`.execute(db);
  await sql`update access_tokens set expires_at = expires_at - ${offset} where expires_at is not null`.execute(db);
  await sql`update jobs set lease_until = lease_until - ${offset} where lease_until is not null`.execute(db);
}
