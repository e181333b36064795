import { invalidParameter } from '../core/graph-errors.js';

/**
 * How far back analytics reach. Meta's guide: "Starting December 1, 2025, the maximum lookback
 * window for messaging, conversation, and pricing analytics is changing from 10 years to 1 year.
 * The lookback window for template and template group analytics … will continue to be 90 days."
 * The rule takes `now`, so a sandbox clock set before the cut-over still sees ten years.
 */
export const LOOKBACK_CUT_OVER = 1_764_547_200; // 2025-12-01T00:00:00Z; Meta gives no hour or zone.
export const TEMPLATE_LOOKBACK_DAYS = 90;

export interface Lookback {
  /** The earliest start allowed, unix seconds. */
  readonly earliest: number;
  /** How the limit reads in an error, e.g. "1 year". */
  readonly label: string;
}

/** The lookback of `analytics`, `pricing_analytics` and `conversation_analytics` at `now`. */
export function fieldLookback(now: number): Lookback {
  const years = now >= LOOKBACK_CUT_OVER ? 1 : 10;
  // Calendar years back in UTC, so 29 February looks back to 1 March.
  const earliest = new Date(now * 1000);
  earliest.setUTCFullYear(earliest.getUTCFullYear() - years);
  return { earliest: Math.floor(earliest.getTime() / 1000), label: years === 1 ? '1 year' : `${years} years` };
}

/**
 * Refuses a range Meta would not answer: an end not after its start, a start in the future, a start
 * beyond the lookback. An end in the future is accepted (a range "up to the end of today" is common);
 * its buckets simply hold nothing yet.
 */
export function checkRange(range: { start: number; end: number }, options: { field: string; now: number; lookback: Lookback }): void {
  const { field, now, lookback } = options;
  if (range.end <= range.start) throw invalidParameter(`${field}.end: ${range.end} is not after start ${range.start}`);
  if (range.start > now) throw invalidParameter(`${field}.start: ${range.start} is in the future`);
  if (range.start < lookback.earliest) {
    throw invalidParameter(`${field}.start: ${range.start} is more than ${lookback.label} ago; ${field} looks back at most ${lookback.label}`);
  }
}
