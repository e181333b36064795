/**
 * The shared inbox's shapes as the console reads them (see src/inbox/presenters.ts), and the few
 * rules the screen applies to them on its own: which list a conversation belongs to, and its order.
 */

export const statuses = ['open', 'pending', 'snoozed', 'resolved'] as const;
export type ConversationStatus = (typeof statuses)[number];
export type AssigneeFilter = 'all' | 'me' | 'unassigned';
export type SortBy = 'activity' | 'window';

export interface MemberRef {
  id: string;
  name: string;
}

export interface Conversation {
  id: string;
  status: ConversationStatus;
  phone_number_id: string;
  customer: { wa_id: string; profile_name: string | null };
  last_message: { id: string; direction: 'in' | 'out' | null; preview: string; status: string | null; timestamp: number } | null;
  unread_count: number;
  assignee: MemberRef | null;
  labels: string[];
  /** Unix seconds on the platform's (sandbox) clock; null when the 24-hour window is closed. */
  window_expires_at: number | null;
  snoozed_until: number | null;
  last_activity_at: number;
  created_time: number;
  /** Only on GET …/conversations/{id}: other members composing now. */
  typing?: MemberRef[];
}

export type Ticks = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface Failure {
  code: number;
  title: string;
  details: string | null;
  advice: string;
}

export interface MessageItem {
  kind: 'message';
  id: string;
  direction: 'in' | 'out';
  type: string;
  content: unknown;
  preview: string;
  status: string;
  ticks: string | null;
  error: Failure | null;
  context_message_id: string | null;
  sent_by: MemberRef | null;
  timestamp: number;
}

export interface NoteItem {
  kind: 'note';
  id: string;
  conversation_id: string;
  author: MemberRef;
  body: string;
  mentions: string[];
  timestamp: number;
}

export type TimelineItem = MessageItem | NoteItem;

export interface Agent {
  id: string;
  name: string;
  email: string;
  role: string;
  online: boolean;
}

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
  created_by: string;
  created_time: number;
  updated_time: number;
}

export interface Contact {
  wa_id: string;
  profile_name: string | null;
  labels: string[];
  conversations: Conversation[];
  /** The Click-to-WhatsApp ad (or post) the customer last wrote from, on any number of the business. */
  ad_referral: AdReferral | null;
  /** Their marketing opt-out, as far as chatapp has seen it (a send failed with 131050). */
  marketing: { opted_out: boolean; since: number | null; evidence: string | null };
}

export interface AdReferral {
  source_type?: string;
  source_url?: string;
  source_id?: string;
  headline?: string;
  body?: string;
  media_type?: string;
  image_url?: string;
  video_url?: string;
  ctwa_clid?: string;
  welcome_message?: string;
  message_id: string;
  phone_number_id: string;
  timestamp: number;
  /** open until `until`; reply_to_open: a reply before `reply_by` opens 72 h; ended at `until`; not_opened. */
  free_entry_point: { state: 'open' | 'reply_to_open' | 'ended' | 'not_opened'; until: number | null; reply_by: number | null };
}

/** A file uploaded for a conversation's number, ready to send (src/inbox/attachments.ts). */
export interface Attachment {
  id: string;
  mime_type: string;
  kind: 'image' | 'video' | 'audio' | 'document' | 'sticker';
  file_size: number;
  filename: string | null;
}

export interface InboxSettings {
  auto_assign: boolean;
}

export interface Filters {
  status: ConversationStatus;
  assignee: AssigneeFilter;
  label: string;
  sort: SortBy;
}

/** Ticks as the stream reports a status: chatapp holding it is a clock, like the timeline's `ticks`. */
export const ticksOfStatus = (status: string): string => (status === 'accepted' ? 'pending' : status);

/** Whether a conversation belongs in the list the filters describe (the server decides the same on reload). */
export function belongs(c: Conversation, f: Filters, me: string): boolean {
  if (c.status !== f.status) return false;
  if (f.assignee === 'me' && c.assignee?.id !== me) return false;
  if (f.assignee === 'unassigned' && c.assignee !== null) return false;
  return !f.label || c.labels.includes(f.label);
}

/** The server's orders: latest activity first, or least time left in the window first (closed ones last). */
export function compare(sort: SortBy): (a: Conversation, b: Conversation) => number {
  const byId = (a: Conversation, b: Conversation) => (a.id.length - b.id.length) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'activity') return (a, b) => b.last_activity_at - a.last_activity_at || -byId(a, b);
  const key = (c: Conversation) => c.window_expires_at ?? Number.MAX_SAFE_INTEGER;
  return (a, b) => key(a) - key(b) || byId(a, b);
}

export const customerName = (c: Pick<Conversation, 'customer'>): string => c.customer.profile_name || `+${c.customer.wa_id}`;

/** A member's @handle as notes' mentions read it: the email before the `@` (src/inbox/text.ts). */
export const handleOf = (a: Pick<Agent, 'email'>): string => a.email.split('@')[0]!.toLowerCase();
