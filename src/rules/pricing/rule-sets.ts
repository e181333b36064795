/**
 * Which pricing rules apply to a delivered message, by its delivery date in the WABA's time zone.
 * Every rule set stays here once added, so a message delivered under old rules keeps its price when
 * it is re-priced (a late status, an invoice rebuilt) after the rules change.
 */
import { localDate } from './calendar.js';

export const RULE_SETS = [
  /** Per-message pricing (spec §7.1): service free, utility free inside the window, all free in a FEP window. */
  { id: 'pmp-2025-07', from: '2025-07-01' },
  /** Spec §7.2: utility inside the window billable; service billable past a monthly free allowance. */
  { id: 'pmp-2026-10', from: '2026-10-01' },
] as const;

export type RuleSetId = (typeof RULE_SETS)[number]['id'];

/** The rule set for a delivery, or `undefined` before 1 Jul 2025 (conversation-based pricing, not modelled). */
export function ruleSetAt(deliveredAt: number, timeZone = 'UTC'): RuleSetId | undefined {
  const day = localDate(deliveredAt, timeZone);
  let found: RuleSetId | undefined;
  for (const set of RULE_SETS) if (set.from <= day) found = set.id;
  return found;
}

/**
 * Free service messages per business phone number per calendar month from 1 Oct 2026, shared by
 * 1:1 and group deliveries, no roll-over. Source: Meta Cloud API changelog #447 as tracked in
 * github.com/froggy1014/meta-cloud-api `.changeset/apply-changelog-447-449.md` ("one shared
 * allowance of 1,000 delivered service messages per business phone number per month"); the same
 * figure in BSP notices (chakrahq.com, ycloud.com, glama.ai WhaTools "first 1,000 per phone number
 * each month free"). Meta's own "Upcoming pricing updates" page (1 Jul 2026) confirms the 1 Oct 2026
 * charge; the copy we could read cut off before the figure, so it is cross-checked, not first-hand.
 */
export const SERVICE_ALLOWANCE_PER_NUMBER = 1000;
