import { bucketIndex, type Bucket } from './buckets.js';
import type { InboundRow } from './store.js';

/** The customer service window (spec §6.1): a user's message opens one when none has been open for 24 h. */
const WINDOW_MS = 24 * 3600 * 1000;

export interface ConversationTotals {
  /** Customer service windows the users opened. */
  sessions: number;
  /** Waits the business answered: a user wrote and the business wrote back. */
  responses: number;
  responseMsTotal: number;
  /** Sessions whose opening message the business answered, and how long that took in all. */
  firstResponses: number;
  firstResponseMsTotal: number;
  /** Waits the business has not answered (yet). */
  unanswered: number;
}

const empty = (): ConversationTotals => ({ sessions: 0, responses: 0, responseMsTotal: 0, firstResponses: 0, firstResponseMsTotal: 0, unanswered: 0 });

/**
 * Folds users' messages into sessions and the business's response times, per bucket of the user's
 * message. A wait begins at a user's message the business has not yet answered (the first since
 * the business last wrote, or the one that opens a window) and ends at the business's next message
 * to that user; a burst of user messages is one wait, timed from its first. The first response
 * time is the wait that opened the session. Rows come ordered by chat and time (store.ts), so a
 * row's predecessor in the same chat is its previous message even when both share a timestamp.
 */
export function foldConversations(rows: readonly InboundRow[], buckets: readonly Bucket[]): ConversationTotals[] {
  const totals = buckets.map(empty);
  let previous: InboundRow | undefined;
  for (const row of rows) {
    const sameChat = previous !== undefined && previous.phoneNumberId === row.phoneNumberId && previous.waId === row.waId;
    const previousIn = sameChat ? previous!.at : row.previousIn;
    previous = row;
    const at = bucketIndex(buckets, row.at / 1000);
    if (at < 0) continue;
    const total = totals[at]!;
    const opensSession = previousIn === null || row.at - previousIn >= WINDOW_MS;
    const startsWait = opensSession || (row.previousOut !== null && row.previousOut >= previousIn!);
    if (opensSession) total.sessions++;
    if (!startsWait) continue;
    if (row.nextOut === null) {
      total.unanswered++;
      continue;
    }
    const waited = row.nextOut - row.at;
    total.responses++;
    total.responseMsTotal += waited;
    if (opensSession) {
      total.firstResponses++;
      total.firstResponseMsTotal += waited;
    }
  }
  return totals;
}

/** An average in seconds to one decimal, or null when there was nothing to average. */
export const averageSeconds = (totalMs: number, count: number): number | null => (count === 0 ? null : Math.round(totalMs / count / 100) / 10);
