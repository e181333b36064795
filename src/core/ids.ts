import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from './clock.js';

/**
 * Graph ids are strings of digits, as Meta's are. Ours are time-ordered (milliseconds, then five
 * random digits): ordered ids insert faster (spec/performance.md) and make cursor paging by id
 * follow creation order.
 */
export function newGraphId(clock: Clock): string {
  return `${clock.now()}${randomInt(0, 100_000).toString().padStart(5, '0')}`;
}

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
