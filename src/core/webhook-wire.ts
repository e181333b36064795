import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { asciiJson } from './ascii-json.js';
import { GraphError } from './graph-errors.js';

/**
 * A webhook as it goes on the wire, the same whichever side posts it (chatapp's outbox, or the
 * standalone simulator speaking as Meta): the envelope's exact bytes and their signature.
 */

/** The envelope of spec §4.3; non-`messages` fields carry `entry[].time` as Meta's do. */
export function envelope(options: { wabaId: string; field: string; value: unknown; nowMs: number }): string {
  const entry: Record<string, unknown> = { id: options.wabaId };
  if (options.field !== 'messages') entry.time = Math.floor(options.nowMs / 1000);
  entry.changes = [{ value: options.value, field: options.field }];
  return asciiJson({ object: 'whatsapp_business_account', entry: [entry] });
}

/** `X-Hub-Signature-256`: `sha256=` and the hex HMAC-SHA256 of the exact body with the app secret. */
export const signatureFor = (appSecret: string, body: string | Buffer): string => `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

export function verifySignature(appSecret: string, body: string | Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(signatureFor(appSecret, body));
  const actual = Buffer.from(header);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** What a GET of the callback answered: a status (null when the request failed, with why) and the start of the body. */
export interface HandshakeAnswer {
  readonly statusCode: number | null;
  readonly error: string | null;
  readonly excerpt: string | null;
}

/**
 * Meta's verification handshake (spec §4.1): GET the URL with `hub.mode=subscribe`, a random
 * `hub.challenge` and the verify token; only a 200 that echoes the challenge passes (2200 otherwise).
 * `get` is the caller's outbound HTTP (its timeouts, no redirects).
 */
export async function verifyCallback(options: { url: string; verifyToken: string; get: (url: string) => Promise<HandshakeAnswer> }): Promise<void> {
  const challenge = String(randomBytes(8).readBigUInt64BE() % 10_000_000_000n);
  const target = new URL(options.url);
  target.searchParams.set('hub.mode', 'subscribe');
  target.searchParams.set('hub.challenge', challenge);
  target.searchParams.set('hub.verify_token', options.verifyToken);
  const result = await options.get(target.toString());
  const problem =
    result.statusCode === null
      ? `the request failed (${result.error})`
      : result.statusCode !== 200
        ? `HTTP Status Code = ${result.statusCode}`
        : (result.excerpt ?? '').trim() !== challenge
          ? 'the response did not echo hub.challenge'
          : null;
  if (problem) throw new GraphError('callbackVerificationFailed', `Callback verification failed: ${problem}`);
}
