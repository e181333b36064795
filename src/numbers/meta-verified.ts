import { registeredStatuses } from '../rules/numbers.js';
import type { PhoneNumber } from './model.js';

/**
 * Why a business may not apply for Meta Verified yet, in words (empty when it may). The API refuses
 * an application with the first of them, and the console lists them all before one is made.
 */
export function metaVerifiedBlockers(input: { verification: string; numbers: readonly PhoneNumber[]; status: string }): string[] {
  const blockers: string[] = [];
  if (input.status === 'pending' || input.status === 'granted') blockers.push(`Meta Verified is already ${input.status}.`);
  if (input.verification !== 'verified') blockers.push('The business must be verified first (business verification).');
  if (!input.numbers.some((n) => registeredStatuses.includes(n.status))) blockers.push('The business needs a registered phone number.');
  return blockers;
}
