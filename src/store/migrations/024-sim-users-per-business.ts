import { sql, type Kysely } from 'kysely';

interface Tables {
  sim_users: { business_id: string; wa_id: string; profile_name: string; behaviour: string; created_at: number };
  sim_users_global: { wa_id: string; profile_name: string; behaviour: string; created_at: number };
  sim_messages: { wa_id: string; phone_number_id: string };
  phone_numbers: { id: string; business_id: string };
  businesses: { id: string };
}

/**
 * Simulated users belong to one business's sandbox, keyed by (business_id, wa_id): a user made
 * silent or blocking by one business no longer changes what another business's messages do.
 *
 * Existing users are copied to every business whose numbers have messages to or from them. A user
 * who never exchanged a message has no business to tell: on an install with one business they go
 * to it (the common single-tenant sandbox keeps its console-made users); with several they are
 * dropped, since giving one tenant's made-up user to every other would leak it. A dropped user is
 * back the moment someone writes as them, with the default behaviour.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  await k.schema.alterTable('sim_users').renameTo('sim_users_global').execute();
  await k.schema
    .createTable('sim_users')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('profile_name', 'text', (c) => c.notNull())
    .addColumn('behaviour', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Not `sim_users_pkey`: PostgreSQL keeps that name on the renamed table until it is dropped.
    .addPrimaryKeyConstraint('sim_users_business_wa_pk', ['business_id', 'wa_id'])
    .execute();

  const chats = k
    .selectFrom('sim_messages as m')
    .innerJoin('phone_numbers as p', 'p.id', 'm.phone_number_id')
    .select(['p.business_id', 'm.wa_id'])
    .distinct();
  await k
    .insertInto('sim_users')
    .columns(['business_id', 'wa_id', 'profile_name', 'behaviour', 'created_at'])
    .expression(
      k
        .selectFrom(chats.as('c'))
        .innerJoin('sim_users_global as u', 'u.wa_id', 'c.wa_id')
        .select(['c.business_id', 'u.wa_id', 'u.profile_name', 'u.behaviour', 'u.created_at']),
    )
    .execute();

  const businesses = await k.selectFrom('businesses').select('id').limit(2).execute();
  const only = businesses.length === 1 ? businesses[0]!.id : undefined;
  if (only !== undefined) {
    await k
      .insertInto('sim_users')
      .columns(['business_id', 'wa_id', 'profile_name', 'behaviour', 'created_at'])
      .expression(
        k
          .selectFrom('sim_users_global as u')
          .select([sql.lit(only).as('business_id'), 'u.wa_id', 'u.profile_name', 'u.behaviour', 'u.created_at'])
          .where(({ not, exists, selectFrom }) => not(exists(selectFrom('sim_users as s').select('s.wa_id').whereRef('s.wa_id', '=', 'u.wa_id')))),
      )
      .execute();
  }
  await k.schema.dropTable('sim_users_global').execute();
}
