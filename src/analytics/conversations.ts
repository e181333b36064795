import { CUSTOMER_SERVICE_WINDOW_MS } from '../rules/window.js';
import { bucketIndex, type Bucket } from './buckets.js';
import type { AnsweredInboundRow, InboundRow } from './store.js';


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

/** The response times of whoever answered: the waits they ended and the sessions they answered first. */
export type ResponseTotals = Pick<ConversationTotals, 'responses' | 'responseMsTotal' | 'firstResponses' | 'firstResponseMsTotal'>;

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
  walk(rows, buckets, (row, bucket, opensSession, startsWait) => {
    const total = totals[bucket]!;
    if (opensSession) total.sessions++;
    if (startsWait) countWait(total, row, opensSession);
  });
  return totals;
}

/**
 * The same waits as `foldConversations`, each credited to whoever sent the message that ended it:
 * a console member by id, or null for a reply that did not come from the inbox (the Graph API).
 * An agent's first response time covers the sessions whose opening wait they answered.
 */
export function foldResponders(rows: readonly AnsweredInboundRow[], buckets: readonly Bucket[]): Map<string | null, ResponseTotals[]> {
  const byResponder = new Map<string | null, ConversationTotals[]>();
  walk(rows, buckets, (row, bucket, opensSession, startsWait) => {
    if (!startsWait || row.nextOut === null) return;
    const totals = byResponder.get(row.nextOutMember) ?? buckets.map(empty);
    byResponder.set(row.nextOutMember, totals);
    countWait(totals[bucket]!, row, opensSession);
  });
  return byResponder;
}

/** Calls `visit` for each user message in a bucket: whether it opened a session, and whether it started a wait. */
function walk<R extends InboundRow>(rows: readonly R[], buckets: readonly Bucket[], visit: (row: R, bucket: number, opensSession: boolean, startsWait: boolean) => void): void {
  let previous: R | undefined;
  for (const row of rows) {
    const sameChat = previous !== undefined && previous.phoneNumberId === row.phoneNumberId && previous.waId === row.waId;
    const previousIn = sameChat ? previous!.at : row.previousIn;
    previous = row;
    const bucket = bucketIndex(buckets, row.at / 1000);
    if (bucket < 0) continue;
    const opensSession = previousIn === null || row.at - previousIn >= CUSTOMER_SERVICE_WINDOW_MS;
    const startsWait = opensSession || (row.previousOut !== null && row.previousOut >= previousIn!);
    visit(row, bucket, opensSession, startsWait);
  }
}

/** A wait that started at `row`: answered (timed to the reply) or not (yet). */
function countWait(total: ConversationTotals, row: InboundRow, opensSession: boolean): void {
  if (row.nextOut === null) {
    total.unanswered++;
    return;
  }
  const waited = row.nextOut - row.at;
  total.responses++;
  total.responseMsTotal += waited;
  if (opensSession) {
    total.firstResponses++;
    total.firstResponseMsTotal += waited;
  }
}

/** An average in seconds to one decimal, or null when there was nothing to average. */
export const averageSeconds = (totalMs: number, count: number): number | null => (count === 0 ? null : Math.round(totalMs / count / 100) / 10);
