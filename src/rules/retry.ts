/**
 * Meta's error semantics for a hand-over (spec §5): throttling and transient failures are tried
 * again later with backoff; a request error never is, it fails the message with Meta's code.
 */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([
  1, // unknown error
  2, // service temporarily unavailable
  4, // application request limit
  80007, // WABA rate limit
  130429, // throughput rate limit
  131000, // something went wrong
  131016, // service unavailable
  131056, // pair rate limit
  131057, // maintenance mode
]);

export function isTransient(error: { readonly code: number; readonly httpStatus: number }): boolean {
  return error.httpStatus >= 500 || TRANSIENT_CODES.has(error.code);
}

/**
 * How long a transient failure waits: about half the time the message has waited so far, from 1 s
 * to a minute, with jitter (±50 %) so many waiting messages do not return at one instant.
 */
export function retryDelayMs(waitedMs: number, random: number): number {
  const base = Math.min(60_000, Math.max(1_000, waitedMs / 2));
  return Math.round(base * (0.5 + random));
}
