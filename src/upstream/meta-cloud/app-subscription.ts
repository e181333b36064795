import type { MetaCloudConfig } from '../../config.js';
import { webhookFields } from '../types.js';
import { GraphTransportError, type GraphClient } from './graph-client.js';


/** What the last look at Meta found: reachable, and whether the app's callback is chatapp's. */
export interface UpstreamHealth {
  readonly kind: 'meta-cloud';
  readonly reachable: boolean;
  readonly callback_url: string | null;
  readonly checked_at: string;
  readonly error?: string;
}

/**
 * chatapp's Meta app and its webhook subscription, with the app access token `{app-id}|{app-secret}`
 * (spec §4.1): `ensure` points the `whatsapp_business_account` subscription at
 * `<CHATAPP_PUBLIC_URL>/meta/webhook` (Meta checks it with the handshake at once), and `check` reads it
 * back, which also tells whether Meta can be reached.
 */
export class MetaApp {
  readonly #o: { config: MetaCloudConfig; graph: GraphClient };

  constructor(options: { config: MetaCloudConfig; graph: GraphClient }) {
    this.#o = options;
  }

  get #token(): string {
    return `${this.#o.config.appId}|${this.#o.config.appSecret}`;
  }

  async ensureSubscription(): Promise<void> {
    const { config, graph } = this.#o;
    await graph.call({
      method: 'POST',
      path: `/${config.appId}/subscriptions`,
      token: this.#token,
      json: { object: 'whatsapp_business_account', callback_url: config.callbackUrl, verify_token: config.verifyToken, fields: webhookFields.join(',') },
    });
  }

  async check(now: number): Promise<UpstreamHealth> {
    const checked_at = new Date(now).toISOString();
    try {
      const answer = await this.#o.graph.call<{ data?: { object?: string; callback_url?: string }[] }>({ method: 'GET', path: `/${this.#o.config.appId}/subscriptions`, token: this.#token });
      const callback = answer.data?.find((s) => s.object === 'whatsapp_business_account')?.callback_url ?? null;
      return { kind: 'meta-cloud', reachable: true, callback_url: callback, checked_at, ...(callback === this.#o.config.callbackUrl ? {} : { error: `the app's webhook points at ${callback ?? 'nothing'}, not ${this.#o.config.callbackUrl}` }) };
    } catch (error) {
      const reachable = !(error instanceof GraphTransportError);
      return { kind: 'meta-cloud', reachable, callback_url: null, checked_at, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
