import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from './clock.js';

/**
 * Graph ids are strings of digits, as Meta's are. Ours are time-ordered (milliseconds, then five
 * digits): ordered ids insert faster (spec/performance.md) and make cursor paging by id follow
 * creation order. Within one millisecond a process counts up from a random start, so its ids never
 * repeat (a burst of a thousand in one millisecond borrows the next one); two processes collide
 * only if they pick the same start in the same millisecond.
 */
export function newGraphId(clock: Clock): string {
  const now = clock.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = randomInt(0, 50_000);
  } else if (++sequence > 99_999) {
    lastMs += 1;
    sequence = randomInt(0, 50_000);
  }
  return `${lastMs}${sequence.toString().padStart(5, '0')}`;
}
let lastMs = 0;
let sequence = 0;

/** A secret with `bytes` bytes of entropy, base64url, behind a readable prefix. */
export function newSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** App secrets look like Meta's: 32 hex characters. */
export function newAppSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Graph ids are digit strings; anything else can never name an object. */
export const isGraphId = (value: string): boolean => /^\d{1,30}$/.test(value);
