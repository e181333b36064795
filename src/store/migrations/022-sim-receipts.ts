import type { Kysely } from 'kysely';

interface Tables {
  sim_messages: { id: string; receipt_plan: string | null; receipt_due_at: number | null };
  jobs: { id: string; kind: string; payload: string; status: string; run_at: number };
}

type Step = { status: string; at: number; error?: string; details?: string };

/**
 * The simulator schedules a message's receipts on its own row: the steps still to come (JSON) and
 * when the next is due, claimed in batches by the receipts worker (src/upstream/simulator/receipts.ts)
 * instead of a `sim.receipt` job per step. Steps queued as jobs move onto their messages' rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  await k.schema.alterTable('sim_messages').addColumn('receipt_plan', 'text').execute();
  await k.schema.alterTable('sim_messages').addColumn('receipt_due_at', 'bigint').execute();
  await k.schema.createIndex('sim_messages_receipt_due').on('sim_messages').column('receipt_due_at').execute();
  // Queued or running (a running one's worker is gone: this process is starting); dead ones stay dead.
  const jobs = await k.selectFrom('jobs').select(['payload', 'run_at']).where('kind', '=', 'sim.receipt').where('status', '!=', 'dead').execute();
  const plans = new Map<string, Step[]>();
  for (const job of jobs) {
    const p = JSON.parse(job.payload) as { messageId: string; status: string; error?: string; details?: string };
    const step: Step = { status: p.status, at: Number(job.run_at), ...(p.error ? { error: p.error } : {}), ...(p.details ? { details: p.details } : {}) };
    plans.set(p.messageId, [...(plans.get(p.messageId) ?? []), step]);
  }
  for (const [id, steps] of plans) {
    steps.sort((a, b) => a.at - b.at);
    await k.updateTable('sim_messages').set({ receipt_plan: JSON.stringify(steps), receipt_due_at: steps[0]!.at }).where('id', '=', id).execute();
  }
  await k.deleteFrom('jobs').where('kind', '=', 'sim.receipt').where('status', '!=', 'dead').execute();
}
