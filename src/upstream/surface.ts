import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** What an upstream adds to chatapp's HTTP app: routes of its own (meta-cloud's `/meta/webhook`), its health in `/healthz`, its metrics. */
export interface UpstreamSurface {
  register(app: FastifyInstance): Promise<void>;
  health(): Promise<Record<string, unknown>>;
  metrics(registry: Registry): void;
}
