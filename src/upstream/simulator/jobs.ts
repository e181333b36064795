import type { TSchema } from '@sinclair/typebox';
import { defineJob, type JobDefinition } from '../../store/queue.js';

/**
 * A job of Meta's side (a receipt, a review, a scheduled change): retried patiently, as the
 * platform keeps trying until chatapp has heard, and short, as each does one small thing.
 */
export function simulatorJob<S extends TSchema>(kind: `sim.${string}`, payload: S): JobDefinition<S> {
  return defineJob({ kind, payload, maxAttempts: 50, backoff: { baseMs: 1_000, maxMs: 60_000 }, timeoutMs: 10_000 });
}
