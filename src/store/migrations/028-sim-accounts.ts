import { sql, type Kysely } from 'kysely';

/**
 * Meta's own records of business portfolios, WABAs and phone numbers, on the simulator's side of
 * the seam (issue 14): the simulator decides a number's status, quality, throughput and display
 * name on these and tells chatapp through the sink; chatapp's `businesses`, `wabas`, `phone_numbers`
 * and `business_profiles` are its mirror. An install that ran before has both sides' state in
 * chatapp's tables only, so they are copied here once, with the same ids.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sim_businesses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('verification_status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sim_wabas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('timezone_id', 'text', (c) => c.notNull())
    .addColumn('account_review_status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sim_wabas_business').on('sim_wabas').column('business_id').execute();
  await db.schema
    .createTable('sim_phone_numbers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('digits', 'text', (c) => c.notNull().unique())
    .addColumn('verified_name', 'text', (c) => c.notNull())
    .addColumn('name_status', 'text', (c) => c.notNull())
    .addColumn('new_display_name', 'text')
    .addColumn('new_name_status', 'text')
    .addColumn('code_verification_status', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('quality_rating', 'text', (c) => c.notNull())
    .addColumn('throughput_level', 'text', (c) => c.notNull())
    .addColumn('official_business_account', 'integer', (c) => c.notNull())
    .addColumn('profile', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sim_phone_numbers_business').on('sim_phone_numbers').column('business_id').execute();

  await sql`insert into sim_businesses (id, name, verification_status, created_at) select id, name, verification_status, created_at from businesses`.execute(db);
  await sql`insert into sim_wabas (id, business_id, name, currency, timezone_id, account_review_status, created_at)
    select id, business_id, name, currency, timezone_id, account_review_status, created_at from wabas`.execute(db);
  // Digits are the display number's, as chatapp's own presenter derives them; the profile as users see it.
  await sql`insert into sim_phone_numbers (id, business_id, waba_id, digits, verified_name, name_status, new_display_name, new_name_status,
      code_verification_status, status, quality_rating, throughput_level, official_business_account, profile, created_at)
    select p.id, p.business_id, p.waba_id, ${sql.raw(digitsOf('p.display_phone_number'))}, p.verified_name, p.name_status, p.new_display_name, p.new_name_status,
      p.code_verification_status, p.status, p.quality_rating, p.throughput_level, p.official_business_account, '{}', p.created_at
    from phone_numbers p`.execute(db);
  const profiles = await sql<{ phone_number_id: string; about: string | null; address: string | null; description: string | null; email: string | null; websites: string; vertical: string | null; profile_picture_url: string | null }>`
    select phone_number_id, about, address, description, email, websites, vertical, profile_picture_url from business_profiles`.execute(db);
  for (const p of profiles.rows) {
    const profile = JSON.stringify({
      about: p.about ?? undefined,
      address: p.address ?? undefined,
      description: p.description ?? undefined,
      email: p.email ?? undefined,
      websites: JSON.parse(p.websites) as unknown,
      vertical: p.vertical ?? undefined,
      profile_picture_url: p.profile_picture_url ?? undefined,
    });
    await sql`update sim_phone_numbers set profile = ${profile} where id = ${p.phone_number_id}`.execute(db);
  }
}

/** `+1 555-010-0001` → `15550100001` in SQL that both SQLite and PostgreSQL run. */
function digitsOf(column: string): string {
  return ['+', ' ', '-', '(', ')', '.'].reduce((expr, ch) => `replace(${expr}, '${ch}', '')`, column);
}
