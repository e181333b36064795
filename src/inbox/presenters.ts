import { unixSeconds } from '../core/clock.js';
import { adviceFor } from './advice.js';
import { effectiveStatus, windowExpiresAt } from './model.js';
import type { ConversationView } from './store.js';
import type { CannedReply } from './team-store.js';
import { previewOf } from './text.js';
import type { Note, TimelineMessage } from './timeline-store.js';

/* What leaves the inbox: whitelisted fields, times in unix seconds as the Cloud API gives them. */

const seconds = (ms: number | null): number | null => (ms === null ? null : unixSeconds(ms));

export function presentConversation(v: ConversationView, extra: { labels: readonly string[]; now: number }) {
  return {
    id: v.id,
    status: effectiveStatus(v, extra.now),
    phone_number_id: v.phoneNumberId,
    customer: { wa_id: v.waId, profile_name: v.profileName },
    last_message: v.lastMessageId
      ? { id: v.lastMessageId, direction: v.lastDirection, preview: v.lastPreview, status: v.lastStatus, timestamp: unixSeconds(v.lastActivityAt) }
      : null,
    unread_count: v.unreadCount,
    assignee: v.assigneeId ? { id: v.assigneeId, name: v.assigneeName } : null,
    labels: extra.labels,
    /** When the 24-hour customer service window closes; null when it is closed (only templates go). */
    window_expires_at: seconds(windowExpiresAt(v.lastInboundAt, extra.now)),
    snoozed_until: v.status === 'snoozed' ? seconds(v.snoozedUntil) : null,
    last_activity_at: unixSeconds(v.lastActivityAt),
    created_time: unixSeconds(v.createdAt),
  };
}
export type PresentedConversation = ReturnType<typeof presentConversation>;

interface StoredError {
  code?: unknown;
  title?: unknown;
  message?: unknown;
  error_data?: { details?: unknown };
}

/** A failure in words and what to do about it (peers.md §8.2: failures must never be invisible). */
export function presentFailure(errors: readonly unknown[] | null | undefined) {
  const e = (errors?.[0] ?? undefined) as StoredError | undefined;
  if (!e) return null;
  const code = Number(e.code) || 0;
  return {
    code,
    title: typeof e.title === 'string' ? e.title : typeof e.message === 'string' ? e.message : 'Failed',
    details: typeof e.error_data?.details === 'string' ? e.error_data.details : null,
    advice: adviceFor(code),
  };
}

/** Ticks as a phone draws them: a clock while chatapp holds it, then one grey, two grey, two blue, or a failure. */
const ticksOf = (m: Pick<TimelineMessage, 'direction' | 'status'>): string | null =>
  m.direction === 'in' ? null : m.status === 'accepted' ? 'pending' : m.status;

export function presentMessage(m: TimelineMessage) {
  return {
    kind: 'message' as const,
    id: m.id,
    direction: m.direction,
    type: m.type,
    content: m.content,
    preview: previewOf(m.type, m.content),
    status: m.status,
    ticks: ticksOf(m),
    error: m.status === 'failed' ? presentFailure(m.errors) : null,
    context_message_id: m.contextMessageId,
    sent_by: m.sentBy,
    timestamp: unixSeconds(m.createdAt),
  };
}

export function presentNote(n: Note) {
  return {
    kind: 'note' as const,
    id: n.id,
    conversation_id: n.conversationId,
    author: n.author,
    body: n.body,
    mentions: n.mentions,
    timestamp: unixSeconds(n.createdAt),
  };
}

export const presentCannedReply = (c: CannedReply) => ({
  id: c.id,
  shortcut: c.shortcut,
  text: c.text,
  created_by: c.createdBy,
  created_time: unixSeconds(c.createdAt),
  updated_time: unixSeconds(c.updatedAt),
});
