import type { Kysely } from 'kysely';

/** A number's WhatsApp Business profile (spec §8.2): what users see about the business. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('business_profiles')
    .addColumn('phone_number_id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('about', 'text')
    .addColumn('address', 'text')
    .addColumn('description', 'text')
    .addColumn('email', 'text')
    .addColumn('websites', 'text', (c) => c.notNull())
    .addColumn('vertical', 'text')
    .addColumn('profile_picture_url', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
