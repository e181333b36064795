import { Migrator, type Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/database.js';
import { migrationProvider } from '../../../src/store/migrations/index.js';
import { databaseTargets, type DatabaseTarget } from '../../helpers/databases.js';

type Db = Kysely<Record<string, Record<string, unknown>>>;

/** A database as 023 left it, filled by `setup`, then migrated to the end: the simulated users it holds. */
async function usersAfter024(target: DatabaseTarget, setup: (db: Db) => Promise<void>): Promise<{ business_id: string; wa_id: string; profile_name: string; behaviour: string }[]> {
  const database = await target.create();
  const store = openStore({ databaseUrl: database.databaseUrl, dataDir: database.dataDir });
  try {
    const { error } = await new Migrator({ db: store.db, provider: migrationProvider }).migrateTo('023-sim-receipt-due-partial');
    expect(error).toBeUndefined();
    await setup(store.db as unknown as Db);
    await store.migrate();
    const rows = await store.db.selectFrom('sim_users').select(['business_id', 'wa_id', 'profile_name', 'behaviour']).orderBy('wa_id').orderBy('business_id').execute();
    return rows;
  } finally {
    await store.close();
    await database.drop();
  }
}

async function business(db: Db, id: string, number: string): Promise<void> {
  await db.insertInto('businesses').values({ id, name: `Business ${id}`, verification_status: 'not_verified', created_at: 1 }).execute();
  await db
    .insertInto('wabas')
    .values({ id: `${id}0`, business_id: id, name: 'WABA', currency: 'USD', timezone_id: '1', account_review_status: 'APPROVED', message_template_namespace: 'ns', created_at: 1 })
    .execute();
  await db
    .insertInto('phone_numbers')
    .values({
      id: number, business_id: id, waba_id: `${id}0`, display_phone_number: `+1 555 ${number}`, country_dial_code: '1', verified_name: 'Shop', status: 'CONNECTED',
      quality_rating: 'GREEN', messaging_limit_tier: 'TIER_250', throughput_level: 'STANDARD', code_verification_status: 'VERIFIED', name_status: 'APPROVED',
      platform_type: 'CLOUD_API', account_mode: 'SANDBOX', created_at: 1,
    })
    .execute();
}

const user = (waId: string, name: string) => ({ wa_id: waId, profile_name: name, behaviour: JSON.stringify({ autoReply: true }), created_at: 1 });
const message = (id: string, phoneNumberId: string, waId: string) => ({ id, phone_number_id: phoneNumberId, wa_id: waId, direction: 'in', type: 'text', content: '{}', status: 'delivered', biz_opaque_callback_data: null, created_at: 1 });

describe.each(databaseTargets)('migration 024 on $name', (target) => {
  it('gives each simulated user to every business whose numbers it exchanged messages with, and drops the rest when several businesses could own them', async () => {
    const rows = await usersAfter024(target, async (db) => {
      await business(db, '11', '1101');
      await business(db, '22', '2201');
      await db.insertInto('sim_users').values([user('447700900001', 'One'), user('447700900002', 'Both'), user('447700900003', 'Silent'), user('447700900004', 'Gone')]).execute();
      await db
        .insertInto('sim_messages')
        .values([message('m1', '1101', '447700900001'), message('m2', '1101', '447700900001'), message('m3', '1101', '447700900002'), message('m4', '2201', '447700900002'), message('m5', '999', '447700900004')])
        .execute();
    });
    expect(rows).toEqual([
      { business_id: '11', wa_id: '447700900001', profile_name: 'One', behaviour: '{"autoReply":true}' },
      { business_id: '11', wa_id: '447700900002', profile_name: 'Both', behaviour: '{"autoReply":true}' },
      { business_id: '22', wa_id: '447700900002', profile_name: 'Both', behaviour: '{"autoReply":true}' },
    ]);
  });

  it('gives a user who never wrote to the only business of a single-business install', async () => {
    const rows = await usersAfter024(target, async (db) => {
      await business(db, '11', '1101');
      await db.insertInto('sim_users').values([user('447700900003', 'Silent'), user('447700900001', 'One')]).execute();
      await db.insertInto('sim_messages').values([message('m1', '1101', '447700900001')]).execute();
    });
    expect(rows.map((r) => [r.business_id, r.wa_id, r.profile_name])).toEqual([
      ['11', '447700900001', 'One'],
      ['11', '447700900003', 'Silent'],
    ]);
  });
});
