import type { BusinessId } from '../core/brand.js';
import type { Executor } from '../store/database.js';
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

export async function insertEvent(db: Executor, event: WebhookEvent): Promise<void> {
  await db
    .insertInto('webhook_events')
    .values({
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
    })
    .execute();
}

/** The delivery worker's read: by id alone, since a job carries only the id. */
export async function findEventForDelivery(db: Executor, id: string): Promise<WebhookEvent | undefined> {
  const row = await db.selectFrom('webhook_events').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toEvent(row);
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

/**
 * Logs one POST for every event it carried, in two statements: the attempts, then the events'
 * counters (and, when it was acknowledged, their delivery).
 */
export async function recordAttempts(
  db: Executor,
  attempts: readonly (WebhookAttempt & { businessId: string })[],
  outcome: { statusCode: number | null; deliveredAt: number | null },
): Promise<void> {
  if (attempts.length === 0) return;
  await db
    .insertInto('webhook_attempts')
    .values(
      attempts.map((attempt) => ({
        id: attempt.id,
        event_id: attempt.eventId,
        business_id: attempt.businessId,
        attempted_at: attempt.attemptedAt,
        status_code: attempt.statusCode,
        latency_ms: attempt.latencyMs,
        error: attempt.error,
        response_excerpt: attempt.responseExcerpt,
      })),
    )
    .execute();
  await db
    .updateTable('webhook_events')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_status_code: outcome.statusCode,
      ...(outcome.deliveredAt !== null ? { status: 'delivered', delivered_at: outcome.deliveredAt } : {}),
    }))
    .where('id', 'in', attempts.map((a) => a.eventId))
    .execute();
}

export async function setEventStatus(db: Executor, id: string, status: WebhookEventStatus, deliveredAt: number | null): Promise<void> {
  await db.updateTable('webhook_events').set({ status, delivered_at: deliveredAt }).where('id', '=', id).execute();
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
