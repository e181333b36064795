import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/database.js';
import { migrationProvider } from '../../../src/store/migrations/index.js';
import { databaseTargets, type FreshDatabase } from '../../helpers/databases.js';

describe.each(databaseTargets)('migration 022 on $name', (target) => {
  let database: FreshDatabase;
  let store: Store;

  beforeAll(async () => {
    database = await target.create();
    store = openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('moves receipts queued as sim.receipt jobs onto their messages’ rows, in time order', async () => {
    const { error } = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('021-webhook-outbox');
    expect(error).toBeUndefined();
    // Before 022 the table has no plan columns: write what an earlier version wrote.
    const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const message = (id: string) => ({ id, phone_number_id: '1', wa_id: '447700900500', direction: 'out', type: 'text', content: '{}', status: 'pending', biz_opaque_callback_data: null, created_at: 1 });
    await db.insertInto('sim_messages').values([message('wamid.A'), message('wamid.B')]).execute();
    const job = (id: string, payload: object, runAt: number, status = 'queued') => ({
      id, kind: 'sim.receipt', payload: JSON.stringify(payload), status, attempts: 0, max_attempts: 50, run_at: runAt, lease_owner: null, lease_until: null, last_error: null, created_at: 1, updated_at: 1,
    });
    await db
      .insertInto('jobs')
      .values([
        job('j1', { messageId: 'wamid.A', status: 'read' }, 300),
        job('j2', { messageId: 'wamid.A', status: 'delivered' }, 200, 'running'),
        job('j3', { messageId: 'wamid.B', status: 'failed', error: 'undeliverable', details: 'gone' }, 100),
        job('j4', { messageId: 'wamid.B', status: 'sent' }, 50, 'dead'),
      ])
      .execute();

    await store.migrate();

    const rows = await store.db.selectFrom('sim_messages').select(['id', 'receipt_plan', 'receipt_due_at']).orderBy('id').execute();
    expect(rows.map((r) => ({ id: r.id, plan: JSON.parse(r.receipt_plan!) as unknown, due: Number(r.receipt_due_at) }))).toEqual([
      { id: 'wamid.A', plan: [{ status: 'delivered', at: 200 }, { status: 'read', at: 300 }], due: 200 },
      { id: 'wamid.B', plan: [{ status: 'failed', at: 100, error: 'undeliverable', details: 'gone' }], due: 100 },
    ]);
    // A dead job stays, for the record; the moved ones are gone.
    expect((await store.db.selectFrom('jobs').select('id').where('kind', '=', 'sim.receipt').execute()).map((j) => j.id)).toEqual(['j4']);
  });
});
