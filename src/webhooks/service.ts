import { randomBytes } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { App } from '../accounts/model.js';
import type { AccountsService } from '../accounts/service.js';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, objectNotFound } from '../core/graph-errors.js';
import { newGraphId } from '../core/ids.js';
import { TtlCache } from '../core/ttl-cache.js';
import type { Executor, Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { defineJob, DeferJobError, enqueue, PermanentJobError } from '../store/queue.js';
import type { WebhookField } from '../upstream/types.js';
import { WaitedTooLong, WebhookBatcher, type BatchItem } from './batcher.js';
import type { PostResult, WebhookHttpClient } from './http-client.js';
import { combineEnvelopes, destinationUrl, envelope, shapeForVersion, signatureFor, WEBHOOK_RETRY_WINDOW_MS, type WebhookAttempt, type WebhookEvent, type WebhookEventStatus } from './model.js';
import * as sql from './store.js';

/** Delivering one event: retried with backoff for up to 7 days on the clock (the handler decides when that is over). */
export const deliverWebhook = defineJob({
  kind: 'webhook.deliver',
  // A replay carries when it was asked for: it goes out even if the event was delivered meanwhile,
  // and gets 7 days of its own.
  payload: Type.Object({ eventId: Type.String(), replayedAt: Type.Optional(Type.Number()) }),
  maxAttempts: 100_000,
  backoff: { baseMs: 2_000, maxMs: 3_600_000 },
  timeoutMs: 15_000,
});

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
interface Outgoing extends BatchItem {
  readonly businessId: string;
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
  readonly #batcher = new WebhookBatcher<Outgoing>((items) => this.#postBatch(items));

  constructor(options: WebhooksServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#accounts = options.accounts;
    this.#http = options.http;
    this.#committer = options.committer;
  }

  /**
   * Writes one event per subscribed app that wants `field`, in the caller's transaction, with the
   * job that delivers it: the event exists exactly when the change that caused it does.
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
      });
      await enqueue(trx, { clock: this.#clock, definition: deliverWebhook, payload: { eventId: id } });
      ids.push(id);
    }
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
   * The `webhook.deliver` job: the stored bytes go out signed, in a POST of their own or batched
   * with other events for the same destination (src/webhooks/batcher.ts); the attempt is logged.
   */
  async deliver(eventId: string, replayedAt?: number): Promise<void> {
    const event = await sql.findEventForDelivery(this.#store.db, eventId);
    if (!event || (event.status !== 'pending' && replayedAt === undefined)) return;
    if (this.#clock.now() - (replayedAt ?? event.createdAt) > WEBHOOK_RETRY_WINDOW_MS) {
      await sql.setEventStatus(this.#store.db, event.id, 'dead', null);
      throw new PermanentJobError('not acknowledged within 7 days');
    }
    const app = await this.#apps.get(event.appId, () => this.#accounts.getApp(event.businessId as BusinessId, event.appId as App['id']));
    if (!app) throw new PermanentJobError('the app no longer exists');
    let result: PostResult;
    try {
      result = await this.#batcher.send(`${app.id} ${event.url}`, { eventId: event.id, body: event.body, businessId: event.businessId, url: event.url, appSecret: app.appSecret });
    } catch (error) {
      if (error instanceof WaitedTooLong) throw new DeferJobError(1_000);
      throw error;
    }
    if (!acknowledged(result)) throw new Error(result.error ?? `HTTP ${result.statusCode}`);
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
    await this.#committer.submit((trx) =>
      sql.recordAttempts(
        trx,
        items.map((item) => ({
          id: newGraphId(this.#clock),
          eventId: item.eventId,
          businessId: item.businessId,
          attemptedAt: at,
          statusCode: result.statusCode,
          latencyMs: result.latencyMs,
          error: result.error,
          responseExcerpt: result.excerpt,
        })),
        { statusCode: result.statusCode, deliveredAt: acknowledged(result) ? at : null },
      ),
    );
    return result;
  }

  /**
   * Meta's verification handshake (spec §4.1): GET the URL with `hub.mode=subscribe`, a random
   * `hub.challenge` and the verify token; only a 200 that echoes the challenge passes.
   */
  async verifyCallback(url: string, verifyToken: string): Promise<void> {
    const challenge = String(randomBytes(8).readBigUInt64BE() % 10_000_000_000n);
    const target = new URL(url);
    target.searchParams.set('hub.mode', 'subscribe');
    target.searchParams.set('hub.challenge', challenge);
    target.searchParams.set('hub.verify_token', verifyToken);
    const result = await this.#http.get(target.toString());
    const problem =
      result.statusCode === null
        ? `the request failed (${result.error})`
        : result.statusCode !== 200
          ? `HTTP Status Code = ${result.statusCode}`
          : (result.excerpt ?? '').trim() !== challenge
            ? 'the response did not echo hub.challenge'
            : null;
    if (problem) throw new GraphError('callbackVerificationFailed', `Callback verification failed: ${problem}`);
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
    await this.#store.transaction(async (trx) => {
      const event = await sql.findEvent(trx, businessId, id);
      if (!event) throw objectNotFound(id, 'post');
      await sql.setEventStatus(trx, id, 'pending', null);
      await enqueue(trx, { clock: this.#clock, definition: deliverWebhook, payload: { eventId: id, replayedAt: this.#clock.now() } });
    });
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
