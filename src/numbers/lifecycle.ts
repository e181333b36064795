import { GraphError, invalidParameter } from '../core/graph-errors.js';
import type { PhoneNumber } from './model.js';

/** Pure rules of a phone number's lifecycle (spec §8.1, §5.2 133xxx). */

/** 10 registrations and deregistrations per number in 72 hours (133016). */
export const REGISTRATIONS_PER_WINDOW = 10;
export const REGISTRATION_WINDOW_MS = 72 * 3600 * 1000;
/** Registered numbers a business may hold: 2 until it is verified, 20 after (issue 5). */
export const CONNECTED_NUMBERS_LIMIT = { unverified: 2, verified: 20 } as const;

/** The registration times still inside the window; throws 133016 when the number has used them up. */
export function registrationSlot(number: PhoneNumber, now: number): number[] {
  const recent = number.registrationTimes.filter((t) => t > now - REGISTRATION_WINDOW_MS);
  if (recent.length >= REGISTRATIONS_PER_WINDOW) {
    const next = new Date(recent[0]! + REGISTRATION_WINDOW_MS).toISOString();
    throw new GraphError('registrationRateLimit', `A number can be registered or deregistered ${REGISTRATIONS_PER_WINDOW} times in 72 hours; the next is possible from ${next}`);
  }
  return [...recent, now];
}

