import type { Kysely } from 'kysely';

/**
 * The meta-cloud connector's records (issue 15; empty with the simulator):
 * - `meta_links`: a WABA that lives at Meta, linked to a chatapp business with the business token
 *   that reaches it (sealed, src/core/secret-box.ts);
 * - `meta_handovers`: each message handed to Meta, by chatapp's wamid, with Meta's once Meta
 *   answered. A row without Meta's wamid is a hand-over whose outcome is unknown (a crash between
 *   the request and its answer): it is never sent again (README, "Running on Meta's Cloud API");
 * - `meta_deliveries`: each webhook delivery Meta posted, by the SHA-256 of its body, kept before
 *   Meta is answered and applied once, however often Meta delivers it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meta_links')
    .addColumn('waba_id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('token_sealed', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'bigint', (c) => c.notNull())
    .addColumn('reconciled_at', 'bigint')
    .execute();
  await db.schema.createIndex('meta_links_business').on('meta_links').column('business_id').execute();
  await db.schema
    .createTable('meta_handovers')
    .addColumn('wamid', 'text', (c) => c.primaryKey())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('meta_wamid', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .execute();
  await db.schema.createIndex('meta_handovers_meta').on('meta_handovers').column('meta_wamid').unique().execute();
  await db.schema
    .createTable('meta_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint')
    .execute();
}
