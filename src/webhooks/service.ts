import type { App } from '../accounts/model.js';
import type { AccountsService } from '../accounts/service.js';
import type { BusinessId } from '../core/brand.js';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import type { Clock } from '../core/clock.js';
import { GraphError, objectNotFound } from '../core/graph-errors.js';
import { newGraphId } from '../core/ids.js';
import { TtlCache } from '../core/ttl-cache.js';
import { verifyCallback as verifyCallbackHandshake } from '../core/webhook-wire.js';
import type { Executor, Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { announceWork } from '../store/queue.js';
import { OUTBOX_WORK } from './outbox.js';
import type { WebhookField } from '../upstream/types.js';
import { WaitedTooLong, WebhookBatcher, type BatchItem } from './batcher.js';
import type { PostResult, WebhookHttpClient } from './http-client.js';
import { combineEnvelopes, destinationUrl, envelope, shapeForVersion, signatureFor, WEBHOOK_RETRY_WINDOW_MS, WEBHOOK_TIMEOUT_MS, type WebhookAttempt, type WebhookEvent, type WebhookEventStatus } from './model.js';
import * as sql from './store.js';

/** A failed attempt is tried again after this backoff (with jitter), for up to 7 days on the clock. */
const RETRY_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 3_600_000 };
/** How long an event may wait in memory for room in a POST to its busy destination, then for its next turn. */
const BATCH_WAIT_MS = 5_000;
const BUSY_RETRY_MS = 1_000;
/** An attempt's lease (wall time): the batch wait and the receiver's 10 s, with a margin. A worker that dies mid-attempt is replaced after it. */
export const WEBHOOK_LEASE_MS = BATCH_WAIT_MS + WEBHOOK_TIMEOUT_MS + 5_000;

// Who gets which event changes rarely; a short cache keeps two reads off every status update.
const ROUTES_TTL_MS = 1_000;

export interface Route {
  readonly app: App;
  readonly subscriptionOverride: string | null;
}

/** Where a WABA's (or one of its numbers') events go: the subscribed apps, and the number's override URL. */
export interface Routes {
  readonly apps: readonly Route[];
  readonly numberOverride: string | null;
}

/** An event on its way out, with what its POST needs. */
interface Outgoing extends BatchItem, sql.Claimed {
  readonly businessId: string;
  readonly attempts: number;
  readonly url: string;
  readonly appSecret: string;
}

const acknowledged = (result: PostResult): boolean => result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;

export interface WebhooksServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly accounts: AccountsService;
  readonly http: WebhookHttpClient;
  readonly committer: GroupCommitter;
  readonly random?: () => number;
}

/** The event outbox, signed delivery with retries, the delivery log, replay, and the callback handshake. */
export class WebhooksService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #accounts: AccountsService;
  readonly #http: WebhookHttpClient;
  readonly #committer: GroupCommitter;
  readonly #routes = new TtlCache<string, Routes>(ROUTES_TTL_MS);
  readonly #apps = new TtlCache<string, App | undefined>(ROUTES_TTL_MS);
  readonly #batcher = new WebhookBatcher<Outgoing>((items) => this.#postBatch(items), { maxWaitMs: BATCH_WAIT_MS });
  readonly #random: () => number;

  constructor(options: WebhooksServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#accounts = options.accounts;
    this.#http = options.http;
    this.#committer = options.committer;
    this.#random = options.random ?? Math.random;
  }

  /**
   * Writes one event per subscribed app that wants `field`, in the caller's transaction, due at
   * once: the event exists exactly when the change that caused it does, and the outbox's worker
   * (src/webhooks/outbox.ts) is woken when it commits.
   */
  async publish(
    trx: Executor,
    change: { routes: Routes; businessId: BusinessId; wabaId: string; phoneNumberId?: string; field: WebhookField; value: unknown },
  ): Promise<string[]> {
    const { apps, numberOverride } = change.routes;
    const now = this.#clock.now();
    const ids: string[] = [];
    for (const { app, subscriptionOverride } of apps) {
      if (!app.subscribedFields.includes(change.field)) continue;
      const url = destinationUrl({ numberOverride, subscriptionOverride, appCallback: app.callbackUrl });
      if (!url) continue;
      const id = newGraphId(this.#clock);
      await sql.insertEvent(trx, {
        id,
        businessId: change.businessId,
        appId: app.id,
        wabaId: change.wabaId,
        phoneNumberId: change.phoneNumberId ?? null,
        field: change.field,
        url,
        body: envelope({ wabaId: change.wabaId, field: change.field, value: shapeForVersion(change.field, change.value, app.webhookVersion), nowMs: now }),
        status: 'pending',
        attempts: 0,
        lastStatusCode: null,
        createdAt: now,
        deliveredAt: null,
        nextAttemptAt: now,
        replayedAt: null,
      });
      ids.push(id);
    }
    if (ids.length > 0) announceWork(OUTBOX_WORK, now);
    return ids;
  }

  /**
   * Who receives a WABA's events. Read before the transaction that publishes: inside it, SQLite's
   * single connection belongs to the transaction.
   */
  routesFor(businessId: BusinessId, wabaId: string, phoneNumberId?: string): Promise<Routes> {
    return this.#routes.get(`${businessId}:${wabaId}:${phoneNumberId ?? ''}`, async () => {
      const [subscriptions, apps, numberOverride] = await Promise.all([
        sql.listSubscriptions(this.#store.db, businessId, wabaId),
        this.#accounts.listApps(businessId),
        phoneNumberId ? sql.findNumberOverride(this.#store.db, businessId, phoneNumberId) : null,
      ]);
      return {
        numberOverride,
        apps: subscriptions.flatMap((s) => {
          const app = apps.find((a) => a.id === s.appId);
          return app ? [{ app, subscriptionOverride: s.overrideCallbackUri }] : [];
        }),
      };
    });
  }

  /** Forgets cached routes after a subscription or app change in this process. */
  invalidateRoutes(): void {
    this.#routes.clear();
    this.#apps.clear();
  }

  /**
   * One attempt at a claimed event: the stored bytes go out signed, in a POST of their own or
   * batched with other events for the same destination (src/webhooks/batcher.ts), and the attempt
   * is logged with the event's next try. After 7 days (from a replay, if any) it is dead.
   */
  async deliver(event: sql.ClaimedEvent): Promise<void> {
    const now = this.#clock.now();
    const claimed = { eventId: event.id, leaseUntil: event.leaseUntil };
    if (now - (event.replayedAt ?? event.createdAt) > WEBHOOK_RETRY_WINDOW_MS) {
      await this.#committer.submit((trx) => sql.buryEvents(trx, [claimed]));
      return;
    }
    const app = await this.#apps.get(event.appId, () => this.#accounts.getApp(event.businessId as BusinessId, event.appId as App['id']));
    if (!app) {
      await this.#committer.submit((trx) => sql.buryEvents(trx, [claimed]));
      return;
    }
    const outgoing = { ...claimed, body: event.body, businessId: event.businessId, url: event.url, appSecret: app.appSecret, attempts: event.attempts };
    try {
      await this.#batcher.send(`${app.id} ${event.url}`, outgoing);
    } catch (error) {
      if (!(error instanceof WaitedTooLong)) throw error;
      // Not tried: the destination was busy. Its turn comes again soon, without an attempt counted.
      await this.#committer.submit((trx) => sql.postponeEvents(trx, [claimed], this.#clock.now() + BUSY_RETRY_MS));
    }
  }

  async #postBatch(items: readonly Outgoing[]): Promise<PostResult> {
    const { url, appSecret } = items[0]!;
    const body = combineEnvelopes(items.map((i) => i.body));
    const result = await this.#http.post(url, body, {
      'content-type': 'application/json',
      'x-hub-signature-256': signatureFor(appSecret, body),
      'user-agent': 'facebookexternalua',
    });
    const at = this.#clock.now();
    // One POST, one fate: its events are tried again together, as soon as the freshest of them would be.
    const retryAt = at + backoffDelay(Math.min(...items.map((i) => i.attempts)) + 1, RETRY_BACKOFF, this.#random);
    await this.#committer.submit((trx) =>
      sql.recordAttempts(
        trx,
        items.map((item) => ({
          id: newGraphId(this.#clock),
          eventId: item.eventId,
          leaseUntil: item.leaseUntil,
          businessId: item.businessId,
          attemptedAt: at,
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          error: result.error,
          responseExcerpt: result.excerpt,
        })),
        { statusCode: result.statusCode, deliveredAt: acknowledged(result) ? at : null, retryAt },
      ),
    );
    return result;
  }

  /** Meta's verification handshake (spec §4.1, core/webhook-wire.ts), over the webhooks' own HTTP client. */
  async verifyCallback(url: string, verifyToken: string): Promise<void> {
    await verifyCallbackHandshake({ url, verifyToken, get: (target) => this.#http.get(target) });
  }

  // ---- subscriptions ------------------------------------------------------------------------

  async subscribe(input: { businessId: BusinessId; wabaId: string; appId: string; overrideCallbackUri?: string; verifyToken?: string }): Promise<void> {
    if (input.overrideCallbackUri) {
      if (!input.verifyToken) throw new GraphError('invalidParameter', 'verify_token is required with override_callback_uri');
      await this.verifyCallback(input.overrideCallbackUri, input.verifyToken);
    }
    await sql.upsertSubscription(
      this.#store.db,
      input.businessId,
      { wabaId: input.wabaId, appId: input.appId, overrideCallbackUri: input.overrideCallbackUri ?? null, overrideVerifyToken: input.verifyToken ?? null },
      this.#clock.now(),
    );
    this.invalidateRoutes();
  }

  async unsubscribe(businessId: BusinessId, wabaId: string, appId: string): Promise<void> {
    await sql.deleteSubscription(this.#store.db, businessId, wabaId, appId);
    this.invalidateRoutes();
  }

  listSubscriptions(businessId: BusinessId, wabaId: string): Promise<sql.Subscription[]> {
    return sql.listSubscriptions(this.#store.db, businessId, wabaId);
  }

  /** The per-number `webhook_configuration` override; an empty URI removes it. */
  async setNumberOverride(businessId: BusinessId, phoneNumberId: string, uri: string, verifyToken: string | undefined): Promise<void> {
    if (uri) {
      if (!verifyToken) throw new GraphError('invalidParameter', 'webhook_configuration.verify_token is required with override_callback_uri');
      await this.verifyCallback(uri, verifyToken);
      await sql.setNumberOverride(this.#store.db, businessId, phoneNumberId, { callbackUri: uri, verifyToken });
    } else {
      await sql.setNumberOverride(this.#store.db, businessId, phoneNumberId, null);
    }
    this.invalidateRoutes();
  }

  numberOverride(businessId: BusinessId, phoneNumberId: string): Promise<string | null> {
    return sql.findNumberOverride(this.#store.db, businessId, phoneNumberId);
  }

  // ---- delivery log and replay --------------------------------------------------------------

  listEvents(businessId: BusinessId, filter: { status?: WebhookEventStatus; from?: number; to?: number; limit: number; beforeId?: string }): Promise<WebhookEvent[]> {
    return sql.listEvents(this.#store.db, businessId, filter);
  }

  async getEvent(businessId: BusinessId, id: string): Promise<{ event: WebhookEvent; attempts: WebhookAttempt[] }> {
    const event = await sql.findEvent(this.#store.db, businessId, id);
    if (!event) throw objectNotFound(id);
    return { event, attempts: await sql.listAttempts(this.#store.db, businessId, id) };
  }

  /** Sends an event again, as a new delivery of the same bytes and id; its attempts stay in the log. */
  async replay(businessId: BusinessId, id: string): Promise<void> {
    const now = this.#clock.now();
    const found = await this.#committer.submit((trx) => {
      announceWork(OUTBOX_WORK, now);
      return sql.requeueEvent(trx, businessId, id, now);
    });
    if (!found) throw objectNotFound(id, 'post');
  }

  /** Replays every event created in [from, to): after an outage longer than the retry window, say. */
  async replayRange(businessId: BusinessId, from: number, to: number): Promise<number> {
    if (!(from < to)) throw new GraphError('invalidParameter', 'since must be before until');
    let count = 0;
    let beforeId: string | undefined;
    for (;;) {
      const page = await sql.listEvents(this.#store.db, businessId, { from, to, limit: 500, ...(beforeId ? { beforeId } : {}) });
      for (const event of page) await this.replay(businessId, event.id);
      count += page.length;
      if (page.length < 500) return count;
      beforeId = page[page.length - 1]!.id;
    }
  }
}
