import type { Kysely } from 'kysely';

/**
 * The phone-number lifecycle (spec §8.1): a requested display name under review, and when the
 * number was registered and deregistered (10 calls in 72 hours at most). On the simulated
 * platform's side: the verification codes it sent and each number's two-step PIN.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('phone_numbers').addColumn('new_display_name', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('new_name_status', 'text').execute();
  await db.schema.alterTable('phone_numbers').addColumn('registration_times', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  await db.schema
    .createTable('sim_verification_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('sim_verification_codes_number').on('sim_verification_codes').columns(['phone_number_id', 'sent_at']).execute();

  await db.schema
    .createTable('sim_number_pins')
    .addColumn('phone_number_id', 'text', (c) => c.primaryKey())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('failed_guesses', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute();
}
