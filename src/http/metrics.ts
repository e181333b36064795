import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../store/database.js';
import { countJobsByStatus } from '../store/jobs.js';
import type { Clock } from '../core/clock.js';
import { numberBacklogs } from '../messaging/store.js';
import { countPendingEvents } from '../webhooks/store.js';

/** A Prometheus registry per app instance, so several apps in one process (tests) never collide. */
export function registerMetrics(app: FastifyInstance, store: Store, clock: Clock): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'chatapp_' });
  const duration = new Histogram({
    name: 'chatapp_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'chatapp_jobs',
    help: 'Durable jobs by status (queued includes those waiting for a retry)',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const counts = await countJobsByStatus(store.db);
      for (const [status, n] of Object.entries(counts)) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'chatapp_webhook_events_pending',
    help: 'Webhook events not yet acknowledged by their receiver (being tried, or waiting for a retry)',
    registers: [registry],
    async collect() {
      this.set(await countPendingEvents(store.db));
    },
  });
  new Gauge({
    name: 'chatapp_number_backlog_seconds',
    help: 'How far ahead each number’s paced sends are scheduled (pacing to throughput and pair rate)',
    labelNames: ['phone_number_id'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const b of await numberBacklogs(store.db, clock.now())) this.set({ phone_number_id: b.phoneNumberId }, b.aheadMs / 1000);
    },
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}
