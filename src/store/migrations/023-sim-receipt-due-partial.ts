import type { Kysely } from 'kysely';

interface Tables {
  sim_messages: { receipt_due_at: number | null };
}

/**
 * Only messages with receipts still to come are in the receipts worker's index. A message whose
 * plan is done keeps a NULL due time, and NULLs sort first: with them in the index, each claim and
 * each "when is the next one due" walked past every finished message the simulator ever held, so
 * both grew slower with its history. Queries on it name `receipt_due_at` in a comparison or as
 * `is not null`, which lets both databases use the partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  await k.schema.dropIndex('sim_messages_receipt_due').execute();
  await k.schema.createIndex('sim_messages_receipt_due').on('sim_messages').column('receipt_due_at').where('receipt_due_at', 'is not', null).execute();
}
