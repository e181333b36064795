import { GraphError, invalidParameter } from '../core/graph-errors.js';
import type { PhoneNumber } from './model.js';

/** Pure rules of a phone number's lifecycle (spec §8.1, §5.2 133xxx). */

/** 10 registrations and deregistrations per number in 72 hours (133016). */
export const REGISTRATIONS_PER_WINDOW = 10;
export const REGISTRATION_WINDOW_MS = 72 * 3600 * 1000;
/** Registered numbers a business may hold: 2 until it is verified, 20 after (issue 5). */
export const CONNECTED_NUMBERS_LIMIT = { unverified: 2, verified: 20 } as const;

export function requirePin(value: unknown): string {
  if (typeof value !== 'string' || !/^\d{6}$/.test(value)) throw invalidParameter('pin must be a 6-digit string');
  return value;
}

export function requireCodeMethod(value: unknown): 'SMS' | 'VOICE' {
  const method = String(value ?? '').toUpperCase();
  if (method !== 'SMS' && method !== 'VOICE') throw invalidParameter('code_method must be SMS or VOICE');
  return method;
}

export function requireCode(value: unknown): string {
  const code = String(value ?? '').replace(/\D/g, '');
  if (code.length !== 6) throw invalidParameter('code must be the 6 digits sent to the number');
  return code;
}

/** Display names: 3 to 512 characters with a letter (Meta's guidelines go further; its review decides). */
export function requireDisplayName(value: unknown, field: string): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length < 3 || name.length > 512) throw invalidParameter(`${field} must be 3 to 512 characters`);
  return name;
}

/** The registration times still inside the window; throws 133016 when the number has used them up. */
export function registrationSlot(number: PhoneNumber, now: number): number[] {
  const recent = number.registrationTimes.filter((t) => t > now - REGISTRATION_WINDOW_MS);
  if (recent.length >= REGISTRATIONS_PER_WINDOW) {
    const next = new Date(recent[0]! + REGISTRATION_WINDOW_MS).toISOString();
    throw new GraphError('registrationRateLimit', `A number can be registered or deregistered ${REGISTRATIONS_PER_WINDOW} times in 72 hours; the next is possible from ${next}`);
  }
  return [...recent, now];
}

/** What a `phone_number_name_update` decision does to the number. */
export function applyNameDecision(number: PhoneNumber, value: Record<string, unknown>): PhoneNumber | undefined {
  const name = typeof value.requested_verified_name === 'string' ? value.requested_verified_name : undefined;
  const approved = value.decision === 'APPROVED';
  if (!name) return undefined;
  // A rename under review: the approved name replaces the current one; a declined one leaves it.
  if (number.newDisplayName === name) {
    return approved
      ? { ...number, verifiedName: name, nameStatus: 'APPROVED', newDisplayName: null, newNameStatus: null }
      : { ...number, newNameStatus: 'DECLINED' };
  }
  if (number.verifiedName === name && number.nameStatus === 'PENDING_REVIEW') return { ...number, nameStatus: approved ? 'APPROVED' : 'DECLINED' };
  return undefined;
}
