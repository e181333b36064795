import type { Executor } from '../../../store/database.js';

/** The standalone simulator's SQL (migration 029): its app, tokens, subscriptions and seed. Secrets arrive sealed. */

export interface SimApp {
  readonly id: string;
  readonly businessId: string;
  readonly name: string;
  readonly secretSealed: string;
}

export interface SimAppSubscription {
  readonly appId: string;
  readonly object: string;
  readonly callbackUrl: string;
  readonly verifyTokenSealed: string;
  readonly fields: readonly string[];
}

export interface SimWabaApp {
  readonly wabaId: string;
  readonly appId: string;
  readonly overrideCallbackUri: string | null;
}

export interface SimSeed {
  readonly name: string;
  readonly businessId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly appId: string;
  readonly verifyTokenSealed: string;
}

export async function insertApp(db: Executor, app: SimApp & { createdAt: number }): Promise<void> {
  await db
    .insertInto('sim_apps')
    .values({ id: app.id, business_id: app.businessId, name: app.name, secret_sealed: app.secretSealed, created_at: app.createdAt })
    .execute();
}

export async function findApp(db: Executor, id: string): Promise<SimApp | undefined> {
  const row = await db.selectFrom('sim_apps').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, businessId: row.business_id, name: row.name, secretSealed: row.secret_sealed };
}

export async function insertToken(db: Executor, token: { hash: string; appId: string; businessId: string; createdAt: number }): Promise<void> {
  await db.insertInto('sim_app_tokens').values({ token_hash: token.hash, app_id: token.appId, business_id: token.businessId, created_at: token.createdAt }).execute();
}

export async function findToken(db: Executor, hash: string): Promise<{ appId: string; businessId: string } | undefined> {
  const row = await db.selectFrom('sim_app_tokens').select(['app_id', 'business_id']).where('token_hash', '=', hash).executeTakeFirst();
  return row && { appId: row.app_id, businessId: row.business_id };
}

export async function upsertSubscription(db: Executor, s: SimAppSubscription & { now: number }): Promise<void> {
  const values = { callback_url: s.callbackUrl, verify_token_sealed: s.verifyTokenSealed, fields: JSON.stringify(s.fields), updated_at: s.now };
  await db
    .insertInto('sim_app_subscriptions')
    .values({ app_id: s.appId, object: s.object, ...values })
    .onConflict((oc) => oc.columns(['app_id', 'object']).doUpdateSet(values))
    .execute();
}

export async function deleteSubscription(db: Executor, appId: string, object: string): Promise<void> {
  await db.deleteFrom('sim_app_subscriptions').where('app_id', '=', appId).where('object', '=', object).execute();
}

export async function listSubscriptions(db: Executor, appIds: readonly string[]): Promise<SimAppSubscription[]> {
  if (appIds.length === 0) return [];
  const rows = await db.selectFrom('sim_app_subscriptions').selectAll().where('app_id', 'in', appIds).orderBy('app_id').execute();
  return rows.map((r) => ({ appId: r.app_id, object: r.object, callbackUrl: r.callback_url, verifyTokenSealed: r.verify_token_sealed, fields: JSON.parse(r.fields) as string[] }));
}

export async function upsertWabaApp(db: Executor, w: SimWabaApp & { overrideVerifyTokenSealed: string | null; now: number }): Promise<void> {
  const values = { override_callback_uri: w.overrideCallbackUri, override_verify_token_sealed: w.overrideVerifyTokenSealed };
  await db
    .insertInto('sim_waba_apps')
    .values({ waba_id: w.wabaId, app_id: w.appId, ...values, created_at: w.now })
    .onConflict((oc) => oc.columns(['waba_id', 'app_id']).doUpdateSet(values))
    .execute();
}

export async function deleteWabaApp(db: Executor, wabaId: string, appId: string): Promise<void> {
  await db.deleteFrom('sim_waba_apps').where('waba_id', '=', wabaId).where('app_id', '=', appId).execute();
}

export async function listWabaApps(db: Executor, wabaId: string): Promise<SimWabaApp[]> {
  const rows = await db.selectFrom('sim_waba_apps').select(['waba_id', 'app_id', 'override_callback_uri']).where('waba_id', '=', wabaId).orderBy('app_id').execute();
  return rows.map((r) => ({ wabaId: r.waba_id, appId: r.app_id, overrideCallbackUri: r.override_callback_uri }));
}

export async function findSeed(db: Executor, name: string): Promise<SimSeed | undefined> {
  const row = await db.selectFrom('sim_seeds').selectAll().where('name', '=', name).executeTakeFirst();
  return (
    row && { name: row.name, businessId: row.business_id, wabaId: row.waba_id, phoneNumberId: row.phone_number_id, appId: row.app_id, verifyTokenSealed: row.verify_token_sealed }
  );
}

/** Records a seed unless one of that name exists; answers the one that stands. */
export async function insertSeed(db: Executor, seed: SimSeed & { createdAt: number }): Promise<SimSeed> {
  await db
    .insertInto('sim_seeds')
    .values({
      name: seed.name,
      business_id: seed.businessId,
      waba_id: seed.wabaId,
      phone_number_id: seed.phoneNumberId,
      app_id: seed.appId,
      verify_token_sealed: seed.verifyTokenSealed,
      created_at: seed.createdAt,
    })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  return (await findSeed(db, seed.name))!;
}
