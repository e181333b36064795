import { Type } from '@sinclair/typebox';
import type { Clock } from '../../../core/clock.js';
import type { OutboundHttpClient } from '../../../core/outbound-http.js';
import { envelope, signatureFor } from '../../../core/webhook-wire.js';
import type { Store } from '../../../store/database.js';
import type { GroupCommitter } from '../../../store/group-commit.js';
import { defineJob, enqueue, PermanentJobError, type JobRunner } from '../../../store/queue.js';
import type { UpstreamChange, UpstreamSink } from '../../types.js';
import type { SimulatorApps } from './apps.js';

/** Meta retries an unacknowledged webhook for 7 days, then drops it (spec §4.2). */
const RETRY_WINDOW_MS = 7 * 24 * 3600 * 1000;

/**
 * One POST of one change to one callback. Retried soon, then hourly (backoff with jitter), until
 * its 7 days are up: the attempts allow for that, and the handler stops at the window's end.
 */
export const webhookDelivery = defineJob({
  kind: 'sim.webhook_delivery',
  payload: Type.Object({ appId: Type.String(), url: Type.String(), body: Type.String(), firstAt: Type.Number() }),
  maxAttempts: 250,
  backoff: { baseMs: 1_000, maxMs: 3_600_000 },
  timeoutMs: 15_000,
});

export interface StandaloneWebhooksOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly committer: GroupCommitter;
  readonly apps: Pick<SimulatorApps, 'destinations' | 'secretOf'>;
  readonly http: Pick<OutboundHttpClient, 'post'>;
}

/**
 * The standalone simulator's sink: each change Meta's side reports becomes the webhook Meta posts
 * (`{object, entry: [{id: wabaId, changes: [{field, value}]}]}`, ASCII-only JSON) to every
 * subscribed callback that asked for its field. Each POST is a job, written before `receive`
 * resolves, so a change the simulator reported survives a crash; it is signed when it is sent,
 * with the app's secret, over the exact bytes.
 */
export class StandaloneWebhooks implements UpstreamSink {
  readonly #o: StandaloneWebhooksOptions;

  constructor(options: StandaloneWebhooksOptions) {
    this.#o = options;
  }

  async receive(change: UpstreamChange): Promise<void> {
    const destinations = await this.#o.apps.destinations(change.wabaId, change.field);
    // No app listens: Meta drops the change too.
    if (destinations.length === 0) return;
    const now = this.#o.clock.now();
    const body = envelope({ wabaId: change.wabaId, field: change.field, value: change.value, nowMs: now });
    await this.#o.committer.submit(async (trx) => {
      for (const d of destinations) {
        await enqueue(trx, { clock: this.#o.clock, definition: webhookDelivery, payload: { appId: d.appId, url: d.url, body, firstAt: now } });
      }
    });
  }

  /** Registers the delivery job on the simulator's runner. */
  connect(runner: JobRunner): void {
    runner.register(webhookDelivery, (p) => this.#deliver(p));
  }

  async #deliver(p: { appId: string; url: string; body: string; firstAt: number }): Promise<void> {
    if (this.#o.clock.now() - p.firstAt > RETRY_WINDOW_MS) throw new PermanentJobError('unacknowledged for 7 days; dropped, as Meta drops it');
    const secret = await this.#o.apps.secretOf(p.appId);
    // The app is gone: nobody is left to hear it.
    if (secret === undefined) return;
    const result = await this.#o.http.post(p.url, p.body, {
      'content-type': 'application/json',
      'x-hub-signature-256': signatureFor(secret, p.body),
      'user-agent': 'facebookexternalua',
    });
    if (result.statusCode === null) throw new Error(`webhook POST to ${new URL(p.url).origin} failed: ${result.error}`);
    if (result.statusCode < 200 || result.statusCode >= 300) throw new Error(`webhook POST to ${new URL(p.url).origin} answered HTTP ${result.statusCode}`);
  }
}
