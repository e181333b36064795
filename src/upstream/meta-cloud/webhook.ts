import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import { verifySignature } from '../../core/webhook-wire.js';
import type { Store } from '../../store/database.js';
import type { GroupCommitter } from '../../store/group-commit.js';
import { defineJob, DeferJobError, enqueue, type JobRunner } from '../../store/queue.js';
import type { UpstreamSink, WebhookField } from '../types.js';
import * as sql from './store.js';
import { toChatappIds } from './translate.js';

export const applyMetaDelivery = defineJob({
  kind: 'meta.webhook',
  payload: Type.Object({ deliveryId: Type.String() }),
  maxAttempts: 20,
  backoff: { baseMs: 1_000, maxMs: 60_000 },
  timeoutMs: 60_000,
});

/** Meta's deliveries are small; this bounds what an unsigned flood can make chatapp read. */
const BODY_LIMIT = 4 * 1024 * 1024;
/** How long a status may wait for the hand-over it names to be written down. */
const UNKNOWN_WAIT_MS = 60_000;

interface Delivery {
  readonly object?: unknown;
  readonly entry?: readonly { readonly id?: unknown; readonly changes?: readonly { readonly field?: unknown; readonly value?: unknown }[] }[];
}

/**
 * `/meta/webhook`, where Meta posts the app's webhooks (spec §4): the handshake with the verify
 * token; then each POST checked against `X-Hub-Signature-256` on its raw bytes (401 and nothing kept
 * otherwise), kept durably by the SHA-256 of its body with a job to apply it, and answered 200 at
 * once. The job translates Meta's wamids to chatapp's and hands each change to the sink; a body
 * Meta delivers again is kept once and applied once.
 */
export class MetaWebhookInbox {
  readonly #o: { store: Store; clock: Clock; committer: GroupCommitter; appSecret: string; verifyToken: string; log: pino.Logger; applied?: (lagMs: number) => void };

  constructor(options: { store: Store; clock: Clock; committer: GroupCommitter; appSecret: string; verifyToken: string; log: pino.Logger; applied?: (lagMs: number) => void }) {
    this.#o = options;
  }

  async register(app: FastifyInstance): Promise<void> {
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_request, body, done) => done(null, body));
      scope.get('/meta/webhook', { schema: { hide: true } }, async (request, reply) => {
        const query = request.query as Record<string, string | undefined>;
        if (query['hub.mode'] === 'subscribe' && query['hub.verify_token'] === this.#o.verifyToken && typeof query['hub.challenge'] === 'string') {
          return reply.type('text/plain').send(query['hub.challenge']);
        }
        return reply.code(403).type('text/plain').send('verify token mismatch');
      });
      scope.post('/meta/webhook', { schema: { hide: true } }, async (request, reply) => {
        const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const header = request.headers['x-hub-signature-256'];
        if (!verifySignature(this.#o.appSecret, raw, Array.isArray(header) ? header[0] : header)) {
          this.#o.log.warn('a POST to /meta/webhook without a valid X-Hub-Signature-256 was refused');
          return reply.code(401).send({ error: { message: 'Invalid signature', type: 'OAuthException', code: 190 } });
        }
        await this.keep(raw);
        return reply.code(200).send({ success: true });
      });
    });
  }

  /** Keeps a signed delivery and its job in one transaction; a repeat keeps nothing. */
  async keep(raw: Buffer): Promise<void> {
    const id = createHash('sha256').update(raw).digest('hex');
    const now = this.#o.clock.now();
    await this.#o.committer.submit(async (trx) => {
      if (await sql.keepDelivery(trx, { id, body: raw.toString('utf8'), now })) {
        await enqueue(trx, { clock: this.#o.clock, definition: applyMetaDelivery, payload: { deliveryId: id } });
      }
    });
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    runner.register(applyMetaDelivery, (payload) => this.#apply(sink, payload.deliveryId));
  }

  async #apply(sink: UpstreamSink, id: string): Promise<void> {
    const { store, clock } = this.#o;
    const delivery = await sql.findDelivery(store.db, id);
    if (!delivery || delivery.appliedAt !== null) return;
    let parsed: Delivery;
    try {
      parsed = JSON.parse(delivery.body) as Delivery;
    } catch {
      this.#o.log.warn({ delivery: id }, 'a signed delivery from Meta is not JSON; kept, not applied');
      await sql.markApplied(store.db, id, clock.now());
      return;
    }
    const changes: { wabaId: string; field: WebhookField; value: Record<string, unknown> }[] = [];
    const unknown: string[] = [];
    for (const entry of parsed.entry ?? []) {
      for (const change of entry.changes ?? []) {
        if (typeof change.field !== 'string' || typeof change.value !== 'object' || change.value === null) continue;
        const translated = await toChatappIds(change.value as Record<string, unknown>, (metaId) => sql.chatappWamid(store.db, metaId));
        unknown.push(...translated.unknown);
        changes.push({ wabaId: String(entry.id), field: change.field as WebhookField, value: translated.value });
      }
    }
    // A status may arrive before chatapp wrote down Meta's answer to the hand-over it names: wait for it a while.
    const waited = clock.now() - delivery.receivedAt;
    if (unknown.length > 0 && waited < UNKNOWN_WAIT_MS && (await sql.handoverInFlight(store.db, delivery.receivedAt - UNKNOWN_WAIT_MS))) {
      throw new DeferJobError(500);
    }
    for (const change of changes) await sink.receive(change);
    await sql.markApplied(store.db, id, clock.now());
    this.#o.applied?.(clock.now() - delivery.receivedAt);
  }
}
