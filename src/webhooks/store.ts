import type { BusinessId } from '../core/brand.js';
import type { Executor } from '../store/database.js';
import { byLimit, bySize, precompiled } from '../store/precompiled.js';
import type { WebhookAttemptsTable, WebhookEventsTable } from '../store/schema.js';
import type { WebhookAttempt, WebhookEvent, WebhookEventStatus } from './model.js';

const toEvent = (row: WebhookEventsTable): WebhookEvent => ({
  id: row.id,
  businessId: row.business_id,
  appId: row.app_id,
  wabaId: row.waba_id,
  phoneNumberId: row.phone_number_id,
  field: row.field,
  url: row.url,
  body: row.body,
  status: row.status as WebhookEventStatus,
  attempts: row.attempts,
  lastStatusCode: row.last_status_code,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at,
  nextAttemptAt: row.next_attempt_at,
  replayedAt: row.replayed_at,
});

const toAttempt = (row: WebhookAttemptsTable): WebhookAttempt => ({
  id: row.id,
  eventId: row.event_id,
  attemptedAt: row.attempted_at,
  statusCode: row.status_code,
  latencyMs: row.latency_ms,
  error: row.error,
  responseExcerpt: row.response_excerpt,
});

const insertEventRow = precompiled((db, row: WebhookEventsTable) => db.insertInto('webhook_events').values(row));

export async function insertEvent(db: Executor, event: WebhookEvent): Promise<void> {
  await insertEventRow.execute(db, {
    id: event.id,
    business_id: event.businessId,
    app_id: event.appId,
    waba_id: event.wabaId,
    phone_number_id: event.phoneNumberId,
    field: event.field,
    url: event.url,
    body: event.body,
    status: event.status,
    attempts: event.attempts,
    last_status_code: event.lastStatusCode,
    created_at: event.createdAt,
    delivered_at: event.deliveredAt,
    next_attempt_at: event.nextAttemptAt,
    replayed_at: event.replayedAt,
    lease_until: null,
  });
}

/** An event a claim holds, with the claim's lease (wall ms). */
export type ClaimedEvent = WebhookEvent & { readonly leaseUntil: number };

type Claimable = 'due' | 'expired';

/**
 * A claim takes a due event out of the due ones (its next attempt is null while the attempt runs)
 * and leases it until a wall time; a claim of expired leases takes events whose attempt never
 * reported back and leases them again. Each statement is compiled once per dialect and limit.
 */
const claimRows = (which: Claimable, dialect: 'sqlite' | 'postgres') =>
  byLimit((limit) =>
    precompiled((db, c: { now: number; wallNow: number; leaseUntil: number }) =>
      db
        .updateTable('webhook_events')
        .set(which === 'due' ? { next_attempt_at: null, lease_until: c.leaseUntil } : { lease_until: c.leaseUntil })
        .where('id', 'in', (eb) => {
          const pending = eb.selectFrom('webhook_events').select('id').where('status', '=', 'pending');
          const claimable = which === 'due' ? pending.where('next_attempt_at', '<=', c.now).orderBy('next_attempt_at') : pending.where('lease_until', '<', c.wallNow).orderBy('lease_until');
          const limited = claimable.limit(limit);
          return dialect === 'postgres' ? limited.forUpdate().skipLocked() : limited;
        })
        .returningAll(),
    ),
  );
const claimOn = {
  due: { sqlite: claimRows('due', 'sqlite'), postgres: claimRows('due', 'postgres') },
  expired: { sqlite: claimRows('expired', 'sqlite'), postgres: claimRows('expired', 'postgres') },
};

/** What a claim compares and sets: `now` (sandbox clock) says what is due; leases are on wall time. */
export interface EventClaimOptions {
  readonly now: number;
  readonly wallNow: number;
  readonly leaseMs: number;
  readonly limit: number;
}

async function claimEvents(which: Claimable, store: { db: Executor; dialect: 'sqlite' | 'postgres' }, options: EventClaimOptions): Promise<ClaimedEvent[]> {
  const leaseUntil = options.wallNow + options.leaseMs;
  const rows = await claimOn[which][store.dialect](options.limit).statement.execute(store.db, { now: options.now, wallNow: options.wallNow, leaseUntil });
  return rows.map((row) => ({ ...toEvent(row), leaseUntil })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * Claims up to `limit` pending events that are due, oldest first, and leases them until
 * `wallNow + leaseMs`, so an attempt whose worker died is made again then (`claimExpiredEvents`),
 * however far the sandbox clock jumps meanwhile. On PostgreSQL `SKIP LOCKED` lets several
 * processes claim side by side.
 */
export const claimDueEvents = (store: { db: Executor; dialect: 'sqlite' | 'postgres' }, options: EventClaimOptions): Promise<ClaimedEvent[]> => claimEvents('due', store, options);

/** Claims events whose attempt's lease ran out by wall time (their worker died or hung) and leases them again. */
export const claimExpiredEvents = (store: { db: Executor; dialect: 'sqlite' | 'postgres' }, options: EventClaimOptions): Promise<ClaimedEvent[]> => claimEvents('expired', store, options);

export async function countPendingEvents(db: Executor): Promise<number> {
  const row = await db.selectFrom('webhook_events').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(row.n);
}


export async function findEvent(db: Executor, businessId: BusinessId, id: string): Promise<WebhookEvent | undefined> {
  const row = await db.selectFrom('webhook_events').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toEvent(row);
}

export async function listEvents(
  db: Executor,
  businessId: BusinessId,
  filter: { status?: WebhookEventStatus; from?: number; to?: number; limit: number; beforeId?: string },
): Promise<WebhookEvent[]> {
  let query = db.selectFrom('webhook_events').selectAll().where('business_id', '=', businessId);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return rows.map(toEvent);
}

/** A claimed event's lease (its `lease_until` since the claim, wall ms): a replay asked for meanwhile clears it. */
export interface Claimed {
  readonly eventId: string;
  readonly leaseUntil: number;
}

interface AttemptRow {
  readonly id: string;
  readonly event_id: string;
  readonly business_id: string;
  readonly attempted_at: number;
  readonly status_code: number | null;
  readonly latency_ms: number;
  readonly error: string | null;
  readonly response_excerpt: string | null;
}

// A POST carries one event or a batch: one statement per batch size, each compiled once.
const insertAttemptRows = bySize(() => precompiled((db, ...rows: AttemptRow[]) => db.insertInto('webhook_attempts').values(rows)));
const countAttemptRows = bySize(() =>
  precompiled((db, statusCode: number | null, ...ids: string[]) =>
    db
      .updateTable('webhook_events')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_status_code: statusCode }))
      .where('id', 'in', ids),
  ),
);

/**
 * Logs one POST for every event it carried: the attempts, the events' counters, then their
 * delivery or when they are tried again, only for events still under this attempt's lease, so a
 * replay asked for meanwhile keeps its own turn.
 */
export async function recordAttempts(
  db: Executor,
  attempts: readonly (WebhookAttempt & Claimed & { businessId: string })[],
  outcome: { statusCode: number | null; deliveredAt: number | null; retryAt: number },
): Promise<void> {
  if (attempts.length === 0) return;
  const rows = attempts.map((attempt) => ({
    id: attempt.id,
    event_id: attempt.eventId,
    business_id: attempt.businessId,
    attempted_at: attempt.attemptedAt,
    status_code: attempt.statusCode,
    latency_ms: attempt.latencyMs,
    error: attempt.error,
    response_excerpt: attempt.responseExcerpt,
  }));
  await insertAttemptRows(rows.length).execute(db, ...rows);
  await countAttemptRows(attempts.length).execute(db, outcome.statusCode, ...attempts.map((a) => a.eventId));
  await settle(db, attempts, outcome.deliveredAt !== null ? { to: 'delivered', at: outcome.deliveredAt } : { to: 'due', at: outcome.retryAt });
}

/** Gives up on claimed events: their 7 days are over, or their app is gone. */
export const buryEvents = (db: Executor, claimed: readonly Claimed[]): Promise<void> => settle(db, claimed, { to: 'dead' });

/** Claimed events due again at `at` without an attempt counted: their destination was busy. */
export const postponeEvents = (db: Executor, claimed: readonly Claimed[], at: number): Promise<void> => settle(db, claimed, { to: 'due', at });

/** Where claimed events go: delivered, dead, or pending and due at `at`. */
type Settlement = { readonly to: 'delivered' | 'due'; readonly at: number } | { readonly to: 'dead' };

// Only the claim's own lease settles an event: a claim that outlived its lease changes nothing.
const settleRows = {
  delivered: bySize(() =>
    precompiled((db, at: number, lease: number, ...ids: string[]) =>
      db
        .updateTable('webhook_events')
        .set({ status: 'delivered', delivered_at: at, next_attempt_at: null, lease_until: null })
        .where('id', 'in', ids)
        .where('status', '=', 'pending')
        .where('lease_until', '=', lease),
    ),
  ),
  due: bySize(() =>
    precompiled((db, at: number, lease: number, ...ids: string[]) =>
      db.updateTable('webhook_events').set({ next_attempt_at: at, lease_until: null }).where('id', 'in', ids).where('status', '=', 'pending').where('lease_until', '=', lease),
    ),
  ),
  dead: bySize(() =>
    precompiled((db, lease: number, ...ids: string[]) =>
      db.updateTable('webhook_events').set({ status: 'dead', next_attempt_at: null, lease_until: null }).where('id', 'in', ids).where('status', '=', 'pending').where('lease_until', '=', lease),
    ),
  ),
};

async function settle(db: Executor, claimed: readonly Claimed[], settlement: Settlement): Promise<void> {
  // Events claimed together share a lease: usually one statement.
  const byLease = new Map<number, string[]>();
  for (const c of claimed) byLease.set(c.leaseUntil, [...(byLease.get(c.leaseUntil) ?? []), c.eventId]);
  for (const [lease, ids] of byLease) {
    if (settlement.to === 'dead') await settleRows.dead(ids.length).execute(db, lease, ...ids);
    else await settleRows[settlement.to](ids.length).execute(db, settlement.at, lease, ...ids);
  }
}

/** Makes an event pending again, due at once, with 7 days of its own from `now`; an attempt under way loses its lease. */
export async function requeueEvent(db: Executor, businessId: BusinessId, id: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('webhook_events')
    .set({ status: 'pending', delivered_at: null, next_attempt_at: now, replayed_at: now, lease_until: null })
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listAttempts(db: Executor, businessId: BusinessId, eventId: string): Promise<WebhookAttempt[]> {
  const rows = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('event_id', '=', eventId)
    .orderBy('attempted_at')
    .orderBy('id')
    .execute();
  return rows.map(toAttempt);
}

// ---- subscriptions ----------------------------------------------------------------------------

export interface Subscription {
  readonly wabaId: string;
  readonly appId: string;
  readonly overrideCallbackUri: string | null;
  readonly overrideVerifyToken: string | null;
}

export async function upsertSubscription(db: Executor, businessId: BusinessId, sub: Subscription, now: number): Promise<void> {
  await db
    .insertInto('waba_subscriptions')
    .values({
      waba_id: sub.wabaId,
      app_id: sub.appId,
      business_id: businessId,
      override_callback_uri: sub.overrideCallbackUri,
      override_verify_token: sub.overrideVerifyToken,
      created_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['waba_id', 'app_id']).doUpdateSet({ override_callback_uri: sub.overrideCallbackUri, override_verify_token: sub.overrideVerifyToken }),
    )
    .execute();
}

export async function deleteSubscription(db: Executor, businessId: BusinessId, wabaId: string, appId: string): Promise<void> {
  await db.deleteFrom('waba_subscriptions').where('business_id', '=', businessId).where('waba_id', '=', wabaId).where('app_id', '=', appId).execute();
}

export async function listSubscriptions(db: Executor, businessId: BusinessId, wabaId: string): Promise<Subscription[]> {
  const rows = await db.selectFrom('waba_subscriptions').selectAll().where('business_id', '=', businessId).where('waba_id', '=', wabaId).orderBy('created_at').execute();
  return rows.map((r) => ({ wabaId: r.waba_id, appId: r.app_id, overrideCallbackUri: r.override_callback_uri, overrideVerifyToken: r.override_verify_token }));
}

export async function setNumberOverride(
  db: Executor,
  businessId: BusinessId,
  phoneNumberId: string,
  override: { callbackUri: string; verifyToken: string } | null,
): Promise<void> {
  await db.deleteFrom('number_webhook_overrides').where('business_id', '=', businessId).where('phone_number_id', '=', phoneNumberId).execute();
  if (override) {
    await db
      .insertInto('number_webhook_overrides')
      .values({ phone_number_id: phoneNumberId, business_id: businessId, callback_uri: override.callbackUri, verify_token: override.verifyToken })
      .execute();
  }
}

export async function findNumberOverride(db: Executor, businessId: BusinessId, phoneNumberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('number_webhook_overrides')
    .select('callback_uri')
    .where('business_id', '=', businessId)
    .where('phone_number_id', '=', phoneNumberId)
    .executeTakeFirst();
  return row?.callback_uri ?? null;
}

const nextEventDueRow = precompiled((db) => db.selectFrom('webhook_events').select((eb) => eb.fn.min('next_attempt_at').as('at')).where('status', '=', 'pending'));

/** When the earliest pending event is next due, clock ms. Events under a lease are not due: their lease ends are looked for apart. */
export async function nextEventDue(db: Executor): Promise<number | undefined> {
  const row = await nextEventDueRow.executeTakeFirst(db);
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}
