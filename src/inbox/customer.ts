import { ENTRY_POINT_MS, entryPointAt, REFERRAL_REPLY_MS } from '../rules/pricing/entry-point.js';
import { unixSeconds } from '../core/clock.js';
import type { ReferralFact } from './customer-store.js';

/* What the contact panel shows of how a customer came and what they agreed to; times in unix seconds. */

/** The referral fields Meta documents (spec §4.4); anything else a sender put in stays out. */
const referralFields = ['source_url', 'source_id', 'source_type', 'headline', 'body', 'media_type', 'image_url', 'video_url', 'thumbnail_url', 'ctwa_clid'] as const;

export interface WindowFacts {
  readonly referralAt: number | null;
  readonly entryPointUntil: number | null;
}

/**
 * The free entry point of the referral's chat (spec §6.2): open until a time; still to be opened by a
 * reply before `reply_by` (24 h after the ad click); or closed, after it ended or without ever opening.
 */
export function presentEntryPoint(windows: WindowFacts, now: number) {
  const { referralAt, entryPointUntil } = windows;
  const entry = entryPointAt({ referralAt, until: entryPointUntil, openedAt: entryPointUntil === null ? null : entryPointUntil - ENTRY_POINT_MS }, now);
  switch (entry.kind) {
    case 'open':
      return { state: 'open' as const, until: unixSeconds(entry.until), reply_by: null };
    case 'opens':
      return { state: 'reply_to_open' as const, until: null, reply_by: unixSeconds(referralAt! + REFERRAL_REPLY_MS) };
    case 'none':
      return entryPointUntil === null ? { state: 'not_opened' as const, until: null, reply_by: null } : { state: 'ended' as const, until: unixSeconds(entryPointUntil), reply_by: null };
    default: {
      const unreachable: never = entry;
      return unreachable;
    }
  }
}

export function presentReferral(fact: ReferralFact, windows: WindowFacts, now: number) {
  const given = fact.referral;
  const fields: Record<string, string> = {};
  for (const key of referralFields) if (typeof given[key] === 'string') fields[key] = given[key];
  const welcome = given.welcome_message as { text?: unknown } | undefined;
  return {
    ...fields,
    ...(typeof welcome?.text === 'string' ? { welcome_message: welcome.text } : {}),
    message_id: fact.messageId,
    phone_number_id: fact.phoneNumberId,
    timestamp: unixSeconds(fact.at),
    free_entry_point: presentEntryPoint(windows, now),
  };
}

/** The customer's marketing opt-out as far as chatapp has seen it: a send Meta failed with 131050. */
export const presentMarketing = (stop: { messageId: string; at: number } | undefined) =>
  stop
    ? { opted_out: true, since: unixSeconds(stop.at), evidence: `message ${stop.messageId} failed with 131050 (user stopped marketing messages)` }
    : { opted_out: false, since: null, evidence: null };
