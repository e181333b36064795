import { randomBytes, randomInt } from 'node:crypto';
import type { Clock } from './clock.js';

/**
 * Time-ordered digit strings: a time prefix, then `digits` digits that a process counts up from a
 * random start within one tick of time, so its ids never repeat (a burst that runs out borrows the
 * next tick) and two processes collide only if they pick the same start in the same tick.
 */
function orderedIds(tickMs: number, digits: number): (clock: Clock) => string {
  const size = 10 ** digits;
  let lastTick = 0;
  let sequence = 0;
  return (clock) => {
    const tick = Math.floor(clock.now() / tickMs);
    if (tick > lastTick) {
      lastTick = tick;
      sequence = randomInt(0, size / 2);
    } else if (++sequence >= size) {
      lastTick += 1;
      sequence = randomInt(0, size / 2);
    }
    return `${lastTick}${sequence.toString().padStart(digits, '0')}`;
  };
}

/**
 * Graph ids are strings of digits, as Meta's are. Ours are time-ordered (milliseconds, then five
 * digits): ordered ids insert faster (spec/performance.md) and make cursor paging by id follow
 * creation order.
 */
export const newGraphId = orderedIds(1, 5);

/**
 * A Graph id that is also a safe JavaScript integer (below 2^53): for objects Meta's webhooks
 * name with a JSON number, such as `message_template_id`. Seconds, then six digits — sixteen
 * digits, as Meta's template ids have.
 */
export const newIntegerGraphId = orderedIds(1000, 6);

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
