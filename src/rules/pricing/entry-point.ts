/**
 * The free entry point window (spec §6.2): a user who wrote from a Click-to-WhatsApp ad or a Page's
 * call-to-action button, answered by the business within 24 hours, opens 72 hours from that reply
 * in which every message is free, templates included. Pure; both Meta's side (the simulator) and
 * chatapp's prediction (dry runs) decide with it.
 */
const HOUR = 3600 * 1000;
export const REFERRAL_REPLY_MS = 24 * HOUR;
export const ENTRY_POINT_MS = 72 * HOUR;

export interface EntryPointState {
  /** When the user last wrote from an ad, if ever. */
  readonly referralAt: number | null;
  /** The end of the window that is or was open, if one opened. */
  readonly until: number | null;
  /** When that window opened. */
  readonly openedAt?: number | null;
}

export type EntryPoint = { readonly kind: 'none' } | { readonly kind: 'open'; readonly until: number } | { readonly kind: 'opens'; readonly until: number };

/** Whether a business message sent at `now` is inside a free entry point window, opens one, or neither. */
export function entryPointAt(state: EntryPointState | undefined, now: number): EntryPoint {
  if (!state) return { kind: 'none' };
  if (state.until !== null && now < state.until) return { kind: 'open', until: state.until };
  // A referral answered in time opens a window, once per referral: a later ad click can open another.
  const answered = state.openedAt !== null && state.openedAt !== undefined && state.referralAt !== null && state.openedAt >= state.referralAt;
  if (state.referralAt !== null && !answered && now - state.referralAt < REFERRAL_REPLY_MS) return { kind: 'opens', until: now + ENTRY_POINT_MS };
  return { kind: 'none' };
}
