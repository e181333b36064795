import { Migrator, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { databaseTargets, type FreshDatabase } from '../helpers/databases.js';

describe.each(databaseTargets)('migration 025 on $name', (target) => {
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

  it('moves sessions, token expiry and job leases stored on the sandbox clock onto wall time, each keeping what it had left', async () => {
    const { error } = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('023-sim-receipt-due-partial');
    expect(error).toBeUndefined();
    // What an earlier version wrote with the sandbox clock 30 days ahead of wall time.
    const offset = 30 * 24 * 3600 * 1000;
    const sandbox = 1_800_000_000_000 + offset;
    const db = store.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
    await db.insertInto('settings').values({ key: 'sandbox_clock_offset_ms', value: String(offset) }).execute();
    await db.insertInto('businesses').values({ id: 'b1', name: 'B', verification_status: 'not_verified', created_at: sandbox }).execute();
    await db.insertInto('members').values({ id: 'm1', business_id: 'b1', email: 'a@b.example', name: 'a', password_hash: 'x', role: 'ADMIN', created_at: sandbox }).execute();
    await db.insertInto('console_sessions').values({ id_hash: 's1', business_id: 'b1', member_id: 'm1', csrf_token: 'c', expires_at: sandbox + 1000, created_at: sandbox }).execute();
    await db.insertInto('system_users').values({ id: 'su1', business_id: 'b1', name: 'su', role: 'ADMIN', created_at: sandbox }).execute();
    await db.insertInto('apps').values({ id: 'a1', business_id: 'b1', name: 'app', app_secret: 's', verify_token: 'v', callback_url: null, subscribed_fields: '[]', created_at: sandbox }).execute();
    const token = (id: string, expiresAt: number | null) => ({
      id, business_id: 'b1', system_user_id: 'su1', app_id: 'a1', token_hash: id, hint: 'x', scopes: '[]', label: 't', expires_at: expiresAt, revoked_at: null, last_used_at: null, created_at: sandbox,
    });
    await db.insertInto('access_tokens').values([token('t1', sandbox + 2000), token('t2', null)]).execute();
    const job = (id: string, status: string, leaseUntil: number | null) => ({
      id, kind: 'k', payload: '{}', status, attempts: 1, max_attempts: 3, run_at: sandbox, lease_owner: leaseUntil === null ? null : 'w', lease_until: leaseUntil, last_error: null, created_at: sandbox, updated_at: sandbox,
    });
    await db.insertInto('jobs').values([job('j1', 'running', sandbox + 3000), job('j2', 'queued', null)]).execute();

    await store.migrate();

    const wall = sandbox - offset;
    const session = await db.selectFrom('console_sessions').select(['expires_at', 'created_at']).executeTakeFirstOrThrow();
    expect([Number(session.expires_at), Number(session.created_at)]).toEqual([wall + 1000, wall]);
    const tokens = await db.selectFrom('access_tokens').select(['id', 'expires_at', 'created_at']).orderBy('id').execute();
    expect(tokens.map((t) => [t.id, t.expires_at === null ? null : Number(t.expires_at), Number(t.created_at)])).toEqual([
      ['t1', wall + 2000, sandbox],
      ['t2', null, sandbox],
    ]);
    const jobs = await db.selectFrom('jobs').select(['id', 'lease_until', 'run_at']).orderBy('id').execute();
    expect(jobs.map((j) => [j.id, j.lease_until === null ? null : Number(j.lease_until), Number(j.run_at)])).toEqual([
      ['j1', wall + 3000, sandbox],
      ['j2', null, sandbox],
    ]);
  });
});
