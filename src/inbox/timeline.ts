import { presentMessage, presentNote } from './presenters.js';
import type { Note, TimelineCursor, TimelineMessage } from './timeline-store.js';

/** Where the next page of a timeline starts, per kind; a kind not yet consumed starts from its newest. */
export interface TimelinePosition {
  readonly m?: TimelineCursor;
  readonly n?: TimelineCursor;
}

export const encodeTimelineCursor = (p: TimelinePosition): string =>
  Buffer.from(JSON.stringify({ ...(p.m ? { m: [p.m.at, p.m.id] } : {}), ...(p.n ? { n: [p.n.at, p.n.id] } : {}) })).toString('base64url');

export function decodeTimelineCursor(cursor: string): TimelinePosition | undefined {
  try {
    if (!/^[A-Za-z0-9_-]{1,1000}$/.test(cursor)) return undefined;
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
    const one = (v: unknown): TimelineCursor | undefined =>
      Array.isArray(v) && Number.isSafeInteger(v[0]) && typeof v[1] === 'string' && v[1].length <= 200 ? { at: v[0] as number, id: v[1] } : undefined;
    const m = one(raw.m);
    const n = one(raw.n);
    if ((raw.m !== undefined && !m) || (raw.n !== undefined && !n)) return undefined;
    return { ...(m ? { m } : {}), ...(n ? { n } : {}) };
  } catch {
    return undefined;
  }
}

/**
 * Interleaves two newest-first lists by time (a message before a note of the same millisecond),
 * keeping each list's own order, and says where each kind continues.
 */
export function mergeTimeline(input: { messages: readonly TimelineMessage[]; notes: readonly Note[]; limit: number; cursor: TimelinePosition }) {
  const { messages, notes, limit } = input;
  const items: (ReturnType<typeof presentMessage> | ReturnType<typeof presentNote>)[] = [];
  let next: TimelinePosition = input.cursor;
  let i = 0;
  let j = 0;
  while (items.length < limit && (i < messages.length || j < notes.length)) {
    const m = messages[i];
    const n = notes[j];
    if (m && (!n || m.createdAt >= n.createdAt)) {
      items.push(presentMessage(m));
      next = { ...next, m: { at: m.createdAt, id: m.id } };
      i++;
    } else if (n) {
      items.push(presentNote(n));
      next = { ...next, n: { at: n.createdAt, id: n.id } };
      j++;
    }
  }
  return { items, next, more: i < messages.length || j < notes.length };
}
