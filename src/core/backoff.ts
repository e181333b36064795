export interface BackoffPolicy {
  /** Delay before the first retry. */
  readonly baseMs: number;
  /** No delay grows past this. */
  readonly maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half the exponential delay is kept, the other half is
 * random, so retries of many failed jobs spread out instead of arriving together.
 * `attempt` counts from 1 (the attempt that just failed).
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
