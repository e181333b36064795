/** Meta keeps retrying an unacknowledged webhook for 7 days, then drops it (spec §4.2). */
export const WEBHOOK_RETRY_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** chatapp's receivers get 10 seconds to answer an attempt. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookEventStatus = 'pending' | 'delivered' | 'dead';

export interface WebhookEvent {
  readonly id: string;
  readonly businessId: string;
  readonly appId: string;
  readonly wabaId: string;
  readonly phoneNumberId: string | null;
  readonly field: string;
  readonly url: string;
  /** The exact bytes POSTed, ASCII-only JSON. */
  readonly body: string;
  readonly status: WebhookEventStatus;
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly createdAt: number;
  readonly deliveredAt: number | null;
  /** When a pending event is tried next (clock ms); null once it is delivered or dead. */
  readonly nextAttemptAt: number | null;
  /** When it was last replayed: its 7 days of retries count from then. */
  readonly replayedAt: number | null;
}

export interface WebhookAttempt {
  readonly id: string;
  readonly eventId: string;
  readonly attemptedAt: number;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly responseExcerpt: string | null;
}

/**
 * A change as an app of webhook version `version` sees it. Status webhooks of v24.0 and later carry
 * no `conversation` object except inside a free entry point window (spec §4.5); v23 and older keep it.
 */
export function shapeForVersion(field: string, value: unknown, version: number): unknown {
  if (field !== 'messages' || version < 24) return value;
  const statuses = (value as { statuses?: unknown }).statuses;
  if (!Array.isArray(statuses) || !statuses.some((s) => (s as { conversation?: unknown }).conversation !== undefined)) return value;
  const shaped = statuses.map((s: { conversation?: unknown; pricing?: { type?: string } }) => {
    if (s.conversation === undefined || s.pricing?.type === 'free_entry_point') return s;
    const { conversation: _dropped, ...rest } = s;
    return rest;
  });
  return { ...(value as object), statuses: shaped };
}

// The envelope and its signature are the wire's, shared with the standalone simulator (core/webhook-wire.ts).
export { envelope, signatureFor, verifySignature } from '../core/webhook-wire.js';

const ENVELOPE_HEAD = '{"object":"whatsapp_business_account","entry":[';
const ENVELOPE_TAIL = ']}';

/**
 * One POST's body for several stored events: their entries side by side in one envelope, as Meta
 * batches updates (spec §4.2). Each event's bytes are kept as they were stored; one event alone
 * is posted exactly as stored.
 */
export function combineEnvelopes(bodies: readonly string[]): string {
  if (bodies.length === 1) return bodies[0]!;
  const entries = bodies.map((body) => {
    if (!body.startsWith(ENVELOPE_HEAD) || !body.endsWith(ENVELOPE_TAIL)) throw new Error('not a stored webhook envelope');
    return body.slice(ENVELOPE_HEAD.length, body.length - ENVELOPE_TAIL.length);
  });
  return `${ENVELOPE_HEAD}${entries.join(',')}${ENVELOPE_TAIL}`;
}

/** Picks the address an event goes to: the number's override, else the WABA subscription's, else the app's. */
export function destinationUrl(options: { numberOverride?: string | null; subscriptionOverride?: string | null; appCallback: string | null }): string | null {
  return options.numberOverride || options.subscriptionOverride || options.appCallback || null;
}
