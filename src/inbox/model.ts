import type { BusinessId, MemberId } from '../core/brand.js';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../rules/window.js';

/**
 * What a conversation asks of the team:
 * - open: the customer waits for an answer;
 * - pending: the team waits for the customer (the business started it, or an agent parked it);
 * - snoozed: out of sight until `snoozedUntil` on the sandbox clock;
 * - resolved: done.
 * A customer's message moves every one of them to open (peers.md §3: Chatwoot's pending is a bot
 * queue; chatapp has no bots, so pending means "their turn").
 */
export const conversationStatuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof conversationStatuses)[number];

export interface Conversation {
  readonly id: string;
  readonly businessId: BusinessId;
  readonly phoneNumberId: string;
  readonly waId: string;
  readonly status: ConversationStatus;
  readonly assigneeId: MemberId | null;
  readonly snoozedUntil: number | null;
  readonly lastInboundAt: number | null;
  readonly lastActivityAt: number;
  readonly lastMessageId: string | null;
  readonly lastPreview: string;
  readonly lastDirection: 'in' | 'out' | null;
  readonly unreadCount: number;
  readonly revision: number;
  readonly createdAt: number;
}

/** The state a conversation starts in: a customer's first message needs an answer; the business's first send does not. */
export const initialStatus = (direction: 'in' | 'out'): ConversationStatus => (direction === 'in' ? 'open' : 'pending');

/** Where a conversation goes when the customer writes: back to the team, whatever it was. */
export function statusOnCustomerMessage(current: ConversationStatus): ConversationStatus {
  switch (current) {
    case 'open':
    case 'pending':
    case 'snoozed':
    case 'resolved':
      return 'open';
    default: {
      const unreachable: never = current;
      return unreachable;
    }
  }
}

/** A snooze ends by itself at its time; until a writer stores that, readers see it as open. */
export const effectiveStatus = (c: Pick<Conversation, 'status' | 'snoozedUntil'>, now: number): ConversationStatus =>
  c.status === 'snoozed' && c.snoozedUntil !== null && c.snoozedUntil <= now ? 'open' : c.status;

/**
 * A status an agent sets: snoozing needs a time still ahead on the sandbox clock; any other status
 * clears the snooze. Answers the error to show, or the fields to store.
 */
export function statusChange(input: { to: ConversationStatus; snoozeUntil: number | undefined; now: number }): { error: string } | { status: ConversationStatus; snoozedUntil: number | null } {
  const { to, snoozeUntil, now } = input;
  if (to !== 'snoozed') return snoozeUntil === undefined ? { status: to, snoozedUntil: null } : { error: 'snoozed_until goes only with status snoozed' };
  if (snoozeUntil === undefined) return { error: 'status snoozed needs snoozed_until (unix seconds)' };
  if (snoozeUntil <= now) return { error: 'snoozed_until must be in the future' };
  return { status: 'snoozed', snoozedUntil: snoozeUntil };
}

/** When the customer service window closes (spec §6.1), or null when it is closed or never opened. */
export function windowExpiresAt(lastInboundAt: number | null, now: number): number | null {
  if (lastInboundAt === null) return null;
  const expires = lastInboundAt + CUSTOMER_SERVICE_WINDOW_MS;
  return expires > now ? expires : null;
}

/**
 * Round robin among the agents online now: the next member id after the one assigned last, in a
 * stable order, so each gets new conversations in turn whoever comes and goes.
 */
export function nextInRotation(online: readonly MemberId[], lastAssigned: string | null): MemberId | undefined {
  const sorted = [...online].sort((a, b) => (a.length - b.length) || (a < b ? -1 : a > b ? 1 : 0));
  if (sorted.length === 0) return undefined;
  if (lastAssigned === null) return sorted[0];
  return sorted.find((id) => id.length > lastAssigned.length || (id.length === lastAssigned.length && id > lastAssigned)) ?? sorted[0];
}

/** How a list is ordered: most recent activity first, or least time left in the window first. */
export const conversationSorts = ['activity', 'window'] as const;
export type ConversationSort = (typeof conversationSorts)[number];

export interface ConversationFilter {
  readonly status?: ConversationStatus;
  /** A member, or 'unassigned'; `me` is resolved by the routes. */
  readonly assignee?: MemberId | 'unassigned';
  readonly label?: string;
  readonly phoneNumberId?: string;
  readonly sort: ConversationSort;
  readonly limit: number;
  readonly after?: ListCursor;
}

/** A keyset position: the sort key of the last row seen and its id (ids break ties). */
export interface ListCursor {
  readonly key: number;
  readonly id: string;
}

export const encodeListCursor = (c: ListCursor): string => Buffer.from(`${c.key}:${c.id}`).toString('base64url');

export function decodeListCursor(cursor: string): ListCursor | undefined {
  const text = /^[A-Za-z0-9_-]{1,200}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
  const match = /^(-?\d{1,16}):(\d{1,30})$/.exec(text);
  return match ? { key: Number(match[1]), id: match[2]! } : undefined;
}

/** Window sort: open windows by their end, soonest first; closed ones after them all. */
export const CLOSED_WINDOW_KEY = 9_000_000_000_000_000;

/** How long a "typing" mark lasts without being renewed, in wall time (the console renews it while the agent types). */
export const TYPING_MS = 10_000;
/** An agent counts as online with an open live stream or a heartbeat this recent. */
export const ONLINE_MS = 60_000;
