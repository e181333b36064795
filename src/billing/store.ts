import { sql as raw } from 'kysely';
import type { BusinessId } from '../core/brand.js';
import type { Executor } from '../store/database.js';
import { precompiled } from '../store/precompiled.js';
import type { MessageChargesTable } from '../store/schema.js';
import type { Markup } from './markup.js';

/** The ledger (`message_charges`), a business's billing settings and its own rate cards. */

export type ChargeRow = MessageChargesTable;

const insertChargeRow = precompiled((db, row: ChargeRow) => db.insertInto('message_charges').values(row).onConflict((oc) => oc.column('message_id').doNothing()));

export async function insertCharge(db: Executor, row: ChargeRow): Promise<boolean> {
  return (await insertChargeRow.numAffectedRows(db, row)) > 0n;
}

export async function findCharge(db: Executor, businessId: BusinessId, messageId: string): Promise<ChargeRow | undefined> {
  return db.selectFrom('message_charges').selectAll().where('business_id', '=', businessId).where('message_id', '=', messageId).executeTakeFirst();
}

/** Charged messages the portfolio had this month in a market and rate category: the volume tiers' count (spec §7.1). */
export async function countVolume(db: Executor, v: { businessId: BusinessId; month: string; market: string; rateCategory: string }): Promise<number> {
  const row = await db
    .selectFrom('message_charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('business_id', '=', v.businessId)
    .where('month', '=', v.month)
    .where('market', '=', v.market)
    .where('rate_category', '=', v.rateCategory)
    .where('billable', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Service messages a number had delivered this month outside free entry points: the allowance's count (spec §7.2). */
export async function countServiceMessages(db: Executor, s: { businessId: BusinessId; phoneNumberId: string; month: string }): Promise<number> {
  const row = await db
    .selectFrom('message_charges')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('phone_number_id', '=', s.phoneNumberId)
    .where('month', '=', s.month)
    .where('pricing_category', '=', 'service')
    .where('business_id', '=', s.businessId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What the business spent this month (micro-units), for its budget. */
export async function spentThisMonth(db: Executor, businessId: BusinessId, month: string): Promise<number> {
  const row = await db
    .selectFrom('message_charges')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_micros'), raw<number>`0`).as('total'))
    .where('business_id', '=', businessId)
    .where('month', '=', month)
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

export async function listCharges(db: Executor, q: { businessId: BusinessId; from: number; to: number; limit: number }): Promise<ChargeRow[]> {
  return db
    .selectFrom('message_charges')
    .selectAll()
    .where('business_id', '=', q.businessId)
    .where('delivered_at', '>=', q.from)
    .where('delivered_at', '<', q.to)
    .orderBy('delivered_at')
    .orderBy('message_id')
    .limit(q.limit)
    .execute();
}

// ---- settings and own cards -------------------------------------------------------------------

export interface BillingSettings {
  readonly markup: Markup;
  readonly budgetMicros: number | null;
  readonly budgetWarnPercent: number | null;
  readonly warnedMonth: string | null;
}

export async function findSettings(db: Executor, businessId: BusinessId): Promise<BillingSettings | undefined> {
  const row = await db.selectFrom('billing_settings').selectAll().where('business_id', '=', businessId).executeTakeFirst();
  return (
    row && {
      markup: { fixedMicros: Number(row.markup_fixed_micros), percentBasisPoints: Number(row.markup_percent_bp) },
      budgetMicros: row.budget_micros === null ? null : Number(row.budget_micros),
      budgetWarnPercent: row.budget_warn_percent === null ? null : Number(row.budget_warn_percent),
      warnedMonth: row.warned_month,
    }
  );
}

export async function saveSettings(db: Executor, businessId: BusinessId, s: BillingSettings, now: number): Promise<void> {
  const values = {
    markup_fixed_micros: s.markup.fixedMicros,
    markup_percent_bp: s.markup.percentBasisPoints,
    budget_micros: s.budgetMicros,
    budget_warn_percent: s.budgetWarnPercent,
    warned_month: s.warnedMonth,
    updated_at: now,
  };
  await db
    .insertInto('billing_settings')
    .values({ business_id: businessId, ...values })
    .onConflict((oc) => oc.column('business_id').doUpdateSet(values))
    .execute();
}

/** Marks the month's budget warning sent; false when it already was (another delivery got there first). */
export async function markWarned(db: Executor, businessId: BusinessId, month: string): Promise<boolean> {
  const result = await db
    .updateTable('billing_settings')
    .set({ warned_month: month })
    .where('business_id', '=', businessId)
    .where((eb) => eb.or([eb('warned_month', 'is', null), eb('warned_month', '!=', month)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listOwnCards(db: Executor, businessId: BusinessId): Promise<{ version: string; csv: string; createdAt: number }[]> {
  const rows = await db.selectFrom('business_rate_cards').select(['version', 'csv', 'created_at']).where('business_id', '=', businessId).orderBy('created_at').execute();
  return rows.map((r) => ({ version: r.version, csv: r.csv, createdAt: Number(r.created_at) }));
}

export async function saveOwnCard(db: Executor, c: { businessId: BusinessId; version: string; effectiveFrom: string; currency: string; csv: string; now: number }): Promise<void> {
  const values = { effective_from: c.effectiveFrom, currency: c.currency, csv: c.csv, created_at: c.now };
  await db
    .insertInto('business_rate_cards')
    .values({ business_id: c.businessId, version: c.version, ...values })
    .onConflict((oc) => oc.columns(['business_id', 'version']).doUpdateSet(values))
    .execute();
}
