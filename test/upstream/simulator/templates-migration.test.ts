import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/store/database.js';
import { migrationProvider } from '../../../src/store/migrations/index.js';
import { databaseTargets, type FreshDatabase } from '../../helpers/databases.js';

describe.each(databaseTargets)('migration 026 on $name', (target) => {
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

  it('copies every template to Meta’s side under its id, and hands the queued review and deletion jobs to the simulator', async () => {
    const { error } = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('025-wall-clock-leases');
    expect(error).toBeUndefined();
    const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    const template = (id: string, name: string, status: string, extra: Record<string, unknown> = {}) => ({
      id, business_id: 'B1', waba_id: 'W1', name, language: 'en_US', category: 'UTILITY', previous_category: null, correct_category: null, parameter_format: 'POSITIONAL',
      components: JSON.stringify([{ type: 'BODY', text: `Hello from ${name}` }]), message_send_ttl_seconds: null, status, rejected_reason: null, rejection_info: null,
      quality_score: 'UNKNOWN', quality_updated_at: null, pause_count: 0, paused_until: null, edit_times: '[]', created_at: 1000, updated_at: 2000, deleted_at: null, name_held_until: null,
      ...extra,
    });
    await db
      .insertInto('message_templates')
      .values([
        template('1751000000000001', 'waiting_review', 'PENDING'),
        template('1751000000000002', 'paused_one', 'PAUSED', { quality_score: 'RED', pause_count: 1, paused_until: 9000, edit_times: '[1500]' }),
        template('1751000000000003', 'leaving', 'PENDING_DELETION', { name_held_until: 5000 }),
        template('1751000000000004', 'gone', 'DELETED', { deleted_at: 3000, name_held_until: 6000 }),
      ])
      .execute();
    const job = (id: string, kind: string, templateId: string, status = 'queued') => ({
      id, kind, payload: JSON.stringify({ templateId }), status, attempts: 0, max_attempts: 20, run_at: 2000, lease_owner: null, lease_until: null, last_error: null, created_at: 1, updated_at: 1,
    });
    await db
      .insertInto('jobs')
      .values([
        job('j1', 'template.submit', '1751000000000001'),
        job('j2', 'template.finish_deletion', '1751000000000003'),
        job('j3', 'template.submit', '1751000000000004', 'dead'),
      ])
      .execute();

    const migrated = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('026-sim-templates');
    expect(migrated.error).toBeUndefined();

    const copies = await store.db.selectFrom('sim_templates').selectAll().orderBy('id').execute();
    expect(copies.map((c) => [c.id, c.name, c.status, c.waba_id])).toEqual([
      ['1751000000000001', 'waiting_review', 'PENDING', 'W1'],
      ['1751000000000002', 'paused_one', 'PAUSED', 'W1'],
      ['1751000000000003', 'leaving', 'PENDING_DELETION', 'W1'],
      ['1751000000000004', 'gone', 'DELETED', 'W1'],
    ]);
    expect(copies[1]).toMatchObject({ quality_score: 'RED', pause_count: 1, edit_times: '[1500]' });
    expect(Number(copies[1]!.paused_until)).toBe(9000);
    expect(JSON.parse(copies[0]!.components)).toEqual([{ type: 'BODY', text: 'Hello from waiting_review' }]);
    expect(Number(copies[3]!.deleted_at)).toBe(3000);
    expect(Number(copies[3]!.name_held_until)).toBe(6000);

    const jobs = await store.db.selectFrom('jobs').select(['id', 'kind', 'payload']).orderBy('id').execute();
    expect(jobs.map((j) => [j.id, j.kind, JSON.parse(j.payload)])).toEqual([
      ['j1', 'sim.template_review', { templateId: '1751000000000001' }],
      ['j2', 'sim.template_finish_deletion', { templateId: '1751000000000003' }],
      // A dead job stays as it was, for the record.
      ['j3', 'template.submit', { templateId: '1751000000000004' }],
    ]);
  });
});
