import { invalidParameter } from '../core/graph-errors.js';

/** A phone number's statuses as Graph spells them (spec §8). */
export const phoneNumberStatuses = [
  'PENDING', 'DELETED', 'MIGRATED', 'BANNED', 'RESTRICTED', 'RATE_LIMITED', 'FLAGGED', 'CONNECTED', 'DISCONNECTED', 'UNKNOWN', 'UNVERIFIED',
] as const;
export type PhoneNumberStatus = (typeof phoneNumberStatuses)[number];

/** A registered number's statuses: it sends from all of them, though a RESTRICTED one only replies (spec §6.6). */
export const registeredStatuses: readonly PhoneNumberStatus[] = ['CONNECTED', 'FLAGGED', 'RESTRICTED'];

export const qualityRatings = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'] as const;
export type QualityRating = (typeof qualityRatings)[number];

export type ThroughputLevel = 'STANDARD' | 'HIGH' | 'NOT_APPLICABLE';

/** Whether a number in this status is registered on the Cloud API. */
export const isRegistered = (status: string): boolean => (registeredStatuses as readonly string[]).includes(status);

/** The display-name fields of a number, on either side of the seam. */
export interface NameFields {
  readonly verifiedName: string;
  readonly nameStatus: string;
  readonly newDisplayName: string | null;
  readonly newNameStatus: string | null;
}

/** What a `phone_number_name_update` decision does to a number (spec §8.1): Meta applies it, chatapp mirrors it. */
export function applyNameDecision<N extends NameFields>(number: N, value: Record<string, unknown>): N | undefined {
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

/** A request's parameters for a number's lifecycle, as Meta checks them (spec §8.1). */
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
