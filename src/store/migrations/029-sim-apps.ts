import type { Kysely } from 'kysely';

/**
 * The standalone simulator's own Meta-side records (issue 14, `chatapp simulator serve`): the app a
 * developer gets (its secret sealed, src/core/secret-box.ts), the access tokens issued for it
 * (hashed), the app's webhook subscription (`POST /{app-id}/subscriptions`), which WABAs it is
 * subscribed to (`POST /{waba-id}/subscribed_apps`), and the facts of `chatapp simulator seed`,
 * so a second run answers the same ids. Embedded in chatapp these stay empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sim_apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sim_app_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sim_app_subscriptions')
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('object', 'text', (c) => c.notNull())
    .addColumn('callback_url', 'text', (c) => c.notNull())
    .addColumn('verify_token_sealed', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sim_app_subscriptions_pk', ['app_id', 'object'])
    .execute();
  await db.schema
    .createTable('sim_waba_apps')
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('override_callback_uri', 'text')
    .addColumn('override_verify_token_sealed', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('sim_waba_apps_pk', ['waba_id', 'app_id'])
    .execute();
  await db.schema
    .createTable('sim_seeds')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('verify_token_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
}
