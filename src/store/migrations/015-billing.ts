import type { Kysely } from 'kysely';

/**
 * Pricing (spec §6.2, §7): what each delivered message cost (the ledger), a business's own rate
 * cards, markup and budget, the free entry point windows chatapp mirrors, and Meta's side of the
 * same (the simulator's entry points and service-message counts, and each sent message's pricing).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_charges')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('waba_id', 'text', (c) => c.notNull())
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    /** `<name>:<language>` of a template message, else null. */
    .addColumn('template', 'text')
    .addColumn('campaign', 'text')
    /** ISO 3166 alpha-2 of the recipient, or '' when the calling code is unknown. */
    .addColumn('country', 'text', (c) => c.notNull())
    .addColumn('market', 'text', (c) => c.notNull())
    .addColumn('pricing_type', 'text', (c) => c.notNull())
    .addColumn('pricing_category', 'text', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull())
    /** The rate card category charged (e.g. authentication-international), null when free. */
    .addColumn('rate_category', 'text')
    .addColumn('tier', 'text')
    .addColumn('rule_set', 'text', (c) => c.notNull())
    .addColumn('card_version', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('meta_micros', 'bigint', (c) => c.notNull())
    .addColumn('markup_micros', 'bigint', (c) => c.notNull())
    .addColumn('amount_micros', 'bigint', (c) => c.notNull())
    /** `YYYY-MM` in the WABA's time zone: volume tiers and the service allowance count per calendar month. */
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_charges_time').on('message_charges').columns(['business_id', 'delivered_at']).execute();
  await db.schema.createIndex('message_charges_volume').on('message_charges').columns(['business_id', 'month', 'market', 'rate_category']).execute();
  await db.schema.createIndex('message_charges_number').on('message_charges').columns(['phone_number_id', 'month', 'pricing_category']).execute();

  await db.schema
    .createTable('billing_settings')
    .addColumn('business_id', 'text', (c) => c.primaryKey())
    .addColumn('markup_fixed_micros', 'bigint', (c) => c.notNull())
    .addColumn('markup_percent_bp', 'integer', (c) => c.notNull())
    /** A monthly budget in micro-units of the billing currency; null is none. */
    .addColumn('budget_micros', 'bigint')
    /** Warn when this share of the budget (percent) is spent. */
    .addColumn('budget_warn_percent', 'integer')
    /** The month whose warning went out, so it goes out once. */
    .addColumn('warned_month', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('business_rate_cards')
    .addColumn('business_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('csv', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('business_rate_cards_pk', ['business_id', 'version'])
    .execute();

  // chatapp's mirror of the free entry point: the user's last ad referral, and the window Meta reported.
  await db.schema.alterTable('customer_windows').addColumn('referral_at', 'bigint').execute();
  await db.schema.alterTable('customer_windows').addColumn('entry_point_until', 'bigint').execute();

  await db.schema
    .createTable('sim_entry_points')
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('wa_id', 'text', (c) => c.notNull())
    .addColumn('referral_at', 'bigint')
    .addColumn('opened_at', 'bigint')
    .addColumn('until', 'bigint')
    .addColumn('conversation_id', 'text')
    .addPrimaryKeyConstraint('sim_entry_points_pk', ['phone_number_id', 'wa_id'])
    .execute();
  await db.schema
    .createTable('sim_service_counts')
    .addColumn('phone_number_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sim_service_counts_pk', ['phone_number_id', 'month'])
    .execute();
  /** Meta's pricing decision for a message at hand-over: `{pricing, conversation}` as JSON. */
  await db.schema.alterTable('sim_messages').addColumn('billing', 'text').execute();

  /** The Graph version an app's webhooks are shaped for (Meta: the app's webhook version setting). */
  await db.schema.alterTable('apps').addColumn('webhook_version', 'integer', (c) => c.notNull().defaultTo(25)).execute();
}
