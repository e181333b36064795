import { createHash, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../../core/clock.js';
import { GraphError, invalidParameter, objectNotFound } from '../../../core/graph-errors.js';
import { newAppSecret, newGraphId, newSecret } from '../../../core/ids.js';
import type { OutboundHttpClient } from '../../../core/outbound-http.js';
import type { SecretBox } from '../../../core/secret-box.js';
import { TtlCache } from '../../../core/ttl-cache.js';
import { verifyCallback } from '../../../core/webhook-wire.js';
import type { Store } from '../../../store/database.js';
import { webhookFields } from '../../types.js';
import * as sql from './apps-store.js';
import type { SimApp } from './apps-store.js';

/** Who calls the standalone Graph API: a business, through its app's access token. */
export interface Caller {
  readonly businessId: string;
  readonly appId: string;
}


const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface SimulatorAppsOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Seals app secrets and verify tokens at rest. */
  readonly box: SecretBox;
  /** The handshake's GET (short timeout, no redirects). */
  readonly http: Pick<OutboundHttpClient, 'get'>;
}

/**
 * Meta's apps, as the standalone simulator keeps them: an app with its secret, the access tokens
 * issued for it (kept only as hashes), its webhook subscription (`POST /{app-id}/subscriptions`,
 * checked by the `hub.challenge` handshake) and the WABAs subscribed to it (`/{waba-id}/subscribed_apps`).
 */
export class SimulatorApps {
  readonly #o: SimulatorAppsOptions;
  readonly #tokens = new TtlCache<string, Caller | undefined>(30_000);
  readonly #apps = new TtlCache<string, SimApp | undefined>(60_000);
  /** Where a WABA's changes go; a second of staleness after a subscription changes in another process. */
  readonly #routes = new TtlCache<string, { appId: string; url: string; fields: readonly string[] }[]>(1_000);

  constructor(options: SimulatorAppsOptions) {
    this.#o = options;
  }

  async createApp(input: { businessId: string; name: string }): Promise<{ id: string }> {
    const id = newGraphId(this.#o.clock);
    await sql.insertApp(this.#o.store.db, { id, businessId: input.businessId, name: input.name, secretSealed: this.#o.box.seal(newAppSecret()), createdAt: this.#o.clock.now() });
    return { id };
  }

  app(appId: string): Promise<SimApp | undefined> {
    return this.#apps.get(appId, () => sql.findApp(this.#o.store.db, appId));
  }

  /** The app's secret, to sign its webhooks and print at seeding; undefined for an app the simulator does not have. */
  async secretOf(appId: string): Promise<string | undefined> {
    const app = await this.app(appId);
    return app && this.#o.box.open(app.secretSealed);
  }

  /** A new access token for the app's business, with both WhatsApp permissions; only its hash is kept. */
  async issueToken(appId: string): Promise<string> {
    const app = await this.app(appId);
    if (!app) throw objectNotFound(appId, 'post');
    const token = newSecret('EAAC');
    await sql.insertToken(this.#o.store.db, { hash: hashToken(token), appId, businessId: app.businessId, createdAt: this.#o.clock.now() });
    return token;
  }

  /** The caller an access token stands for, or Graph's 190 (HTTP 401). */
  async authenticate(token: string | undefined): Promise<Caller> {
    if (!token) throw new GraphError('invalidToken', 'An access token is required to request this resource.');
    const caller = await this.#tokens.get(hashToken(token), () => sql.findToken(this.#o.store.db, hashToken(token)));
    if (!caller) throw new GraphError('invalidToken', 'Invalid OAuth access token - Cannot parse access token');
    return caller;
  }

  /** An app access token, `{app-id}|{app-secret}`, for the app named in the path; Graph's 190 otherwise. */
  async authenticateApp(token: string | undefined, appId: string): Promise<SimApp> {
    const [id, secret] = (token ?? '').split('|');
    const app = id === appId && secret ? await this.verifySecret(appId, secret) : undefined;
    if (!app) throw new GraphError('invalidToken', 'This call needs the app access token ({app-id}|{app-secret}) of the app in the path');
    return app;
  }

  /** The app if `secret` is its secret (compared in constant time), else undefined. */
  async verifySecret(appId: string, secret: string): Promise<SimApp | undefined> {
    const app = await this.app(appId);
    const expected = app && Buffer.from(this.#o.box.open(app.secretSealed));
    if (!app || !expected || expected.length !== Buffer.byteLength(secret) || !timingSafeEqual(expected, Buffer.from(secret))) return undefined;
    return app;
  }

  /**
   * `POST /{app-id}/subscriptions`: the callback is checked with Meta's handshake (a GET that must
   * echo `hub.challenge`) before it is kept; its verify token is sealed.
   */
  async subscribe(appId: string, input: { object: string; callbackUrl: string; verifyToken: string; fields: readonly string[] }): Promise<void> {
    if (input.object !== 'whatsapp_business_account') throw invalidParameter('object: only whatsapp_business_account is supported');
    checkCallbackUrl(input.callbackUrl, 'callback_url');
    const unknown = input.fields.filter((f) => !(webhookFields as readonly string[]).includes(f));
    if (unknown.length > 0) throw invalidParameter(`fields: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of whatsapp_business_account`);
    if (input.fields.length === 0) throw invalidParameter('fields: name at least one field (messages, message_template_status_update, …)');
    await verifyCallback({ url: input.callbackUrl, verifyToken: input.verifyToken, get: (url) => this.#o.http.get(url) });
    await sql.upsertSubscription(this.#o.store.db, {
      appId,
      object: input.object,
      callbackUrl: input.callbackUrl,
      verifyTokenSealed: this.#o.box.seal(input.verifyToken),
      fields: [...new Set(input.fields)],
      now: this.#o.clock.now(),
    });
    this.#routes.clear();
  }

  async unsubscribe(appId: string, object: string): Promise<void> {
    await sql.deleteSubscription(this.#o.store.db, appId, object);
    this.#routes.clear();
  }

  subscriptions(appId: string): Promise<sql.SimAppSubscription[]> {
    return sql.listSubscriptions(this.#o.store.db, [appId]);
  }

  /** `POST /{waba-id}/subscribed_apps`; an override callback is checked by the handshake first. */
  async subscribeWaba(wabaId: string, appId: string, override?: { uri: string; verifyToken: string }): Promise<void> {
    if (override) {
      checkCallbackUrl(override.uri, 'override_callback_uri');
      await verifyCallback({ url: override.uri, verifyToken: override.verifyToken, get: (url) => this.#o.http.get(url) });
    }
    await sql.upsertWabaApp(this.#o.store.db, {
      wabaId,
      appId,
      overrideCallbackUri: override?.uri ?? null,
      overrideVerifyTokenSealed: override ? this.#o.box.seal(override.verifyToken) : null,
      now: this.#o.clock.now(),
    });
    this.#routes.delete(wabaId);
  }

  async unsubscribeWaba(wabaId: string, appId: string): Promise<void> {
    await sql.deleteWabaApp(this.#o.store.db, wabaId, appId);
    this.#routes.delete(wabaId);
  }

  async wabaApps(wabaId: string): Promise<{ app: SimApp; overrideCallbackUri: string | null }[]> {
    const subscribed = await sql.listWabaApps(this.#o.store.db, wabaId);
    const apps = await Promise.all(subscribed.map(async (s) => ({ app: await this.app(s.appId), overrideCallbackUri: s.overrideCallbackUri })));
    return apps.flatMap((a) => (a.app ? [{ app: a.app, overrideCallbackUri: a.overrideCallbackUri }] : []));
  }

  /**
   * Where a change of a WABA goes, as on Meta: to each app the WABA is subscribed to whose
   * subscription names the field, at the WABA's override callback if it set one, else the app's.
   */
  async destinations(wabaId: string, field: string): Promise<{ appId: string; url: string }[]> {
    const routes = await this.#routes.get(wabaId, async () => {
      const subscribed = await sql.listWabaApps(this.#o.store.db, wabaId);
      const subscriptions = await sql.listSubscriptions(this.#o.store.db, subscribed.map((s) => s.appId));
      return subscribed.flatMap((s) => {
        const sub = subscriptions.find((x) => x.appId === s.appId && x.object === 'whatsapp_business_account');
        return sub ? [{ appId: s.appId, url: s.overrideCallbackUri ?? sub.callbackUrl, fields: sub.fields }] : [];
      });
    });
    return routes.filter((r) => r.fields.includes(field)).map(({ appId, url }) => ({ appId, url }));
  }
}

/**
 * The outbound URL policy for callbacks: an absolute http or https URL without credentials. The
 * simulator is a sandbox, so loopback and private hosts are allowed (a test's receiver on
 * 127.0.0.1); Meta itself would take https only.
 */
function checkCallbackUrl(value: string, name: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidParameter(`${name}: must be an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidParameter(`${name}: must be http or https`);
  if (url.username || url.password) throw invalidParameter(`${name}: must not carry credentials`);
}
