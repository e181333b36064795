import type { BusinessId, MemberId } from '../core/brand.js';
import type { Executor } from '../store/database.js';

/** A position in a timeline, newest first: items strictly older than this. */
export interface TimelineCursor {
  readonly at: number;
  readonly id: string;
}

export interface TimelineMessage {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly type: string;
  readonly content: unknown;
  readonly status: string;
  readonly errors: unknown[] | null;
  readonly contextMessageId: string | null;
  readonly createdAt: number;
  readonly sentBy: { id: MemberId; name: string } | null;
}

export interface Note {
  readonly id: string;
  readonly conversationId: string;
  readonly author: { id: MemberId; name: string };
  readonly body: string;
  readonly mentions: MemberId[];
  readonly createdAt: number;
}

/**
 * The chat's messages (messaging's rows, read only), newest first, with who in the console sent
 * each outbound one. The `messages_chat` index serves it.
 */
export async function listChatMessages(
  db: Executor,
  input: { businessId: BusinessId; phoneNumberId: string; waId: string; before?: TimelineCursor; limit: number; ids?: readonly string[] },
): Promise<TimelineMessage[]> {
  let q = db
    .selectFrom('messages as msg')
    .leftJoin('inbox_message_authors as a', 'a.message_id', 'msg.id')
    .leftJoin('members as m', (j) => j.onRef('m.id', '=', 'a.member_id').onRef('m.business_id', '=', 'msg.business_id'))
    .select(['msg.id', 'msg.direction', 'msg.type', 'msg.content', 'msg.status', 'msg.errors', 'msg.context_message_id', 'msg.created_at', 'a.member_id', 'm.name as member_name'])
    .where('msg.business_id', '=', input.businessId)
    .where('msg.phone_number_id', '=', input.phoneNumberId)
    .where('msg.wa_id', '=', input.waId);
  if (input.ids) q = q.where('msg.id', 'in', input.ids.length > 0 ? [...input.ids] : ['']);
  const before = input.before;
  if (before) q = q.where((eb) => eb.or([eb('msg.created_at', '<', before.at), eb.and([eb('msg.created_at', '=', before.at), eb('msg.id', '<', before.id)])]));
  const rows = await q.orderBy('msg.created_at', 'desc').orderBy('msg.id', 'desc').limit(input.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    direction: r.direction as 'in' | 'out',
    type: r.type,
    content: JSON.parse(r.content) as unknown,
    status: r.status,
    errors: r.errors ? (JSON.parse(r.errors) as unknown[]) : null,
    contextMessageId: r.context_message_id,
    createdAt: Number(r.created_at),
    sentBy: r.member_id ? { id: r.member_id as MemberId, name: r.member_name ?? '' } : null,
  }));
}

/** Who in the console sent a message; written right after MessagingService accepted it. */
export async function recordAuthor(db: Executor, a: { businessId: BusinessId; messageId: string; memberId: MemberId; now: number }): Promise<void> {
  await db
    .insertInto('inbox_message_authors')
    .values({ message_id: a.messageId, business_id: a.businessId, member_id: a.memberId, created_at: a.now })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .execute();
}

export async function insertNote(db: Executor, n: { businessId: BusinessId; note: Note }): Promise<void> {
  const { note } = n;
  await db
    .insertInto('inbox_notes')
    .values({ id: note.id, business_id: n.businessId, conversation_id: note.conversationId, author_id: note.author.id, body: note.body, created_at: note.createdAt })
    .execute();
  for (const memberId of note.mentions) {
    await db
      .insertInto('inbox_mentions')
      .values({ note_id: note.id, member_id: memberId, business_id: n.businessId, conversation_id: note.conversationId, created_at: note.createdAt })
      .execute();
  }
}

function notesQuery(db: Executor, businessId: BusinessId) {
  return db
    .selectFrom('inbox_notes as n')
    .leftJoin('members as m', (j) => j.onRef('m.id', '=', 'n.author_id').onRef('m.business_id', '=', 'n.business_id'))
    .select(['n.id', 'n.conversation_id', 'n.author_id', 'n.body', 'n.created_at', 'm.name as author_name'])
    .where('n.business_id', '=', businessId);
}

type NoteRow = { id: string; conversation_id: string; author_id: string; body: string; created_at: number; author_name: string | null };

async function withMentions(db: Executor, rows: NoteRow[]): Promise<Note[]> {
  const ids = rows.map((r) => r.id);
  const mentions = ids.length ? await db.selectFrom('inbox_mentions').select(['note_id', 'member_id']).where('note_id', 'in', ids).execute() : [];
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    author: { id: r.author_id as MemberId, name: r.author_name ?? '' },
    body: r.body,
    mentions: mentions.filter((m) => m.note_id === r.id).map((m) => m.member_id as MemberId),
    createdAt: Number(r.created_at),
  }));
}

export async function listNotes(db: Executor, input: { businessId: BusinessId; conversationId: string; before?: TimelineCursor; limit: number }): Promise<Note[]> {
  let q = notesQuery(db, input.businessId).where('n.conversation_id', '=', input.conversationId);
  const before = input.before;
  if (before) q = q.where((eb) => eb.or([eb('n.created_at', '<', before.at), eb.and([eb('n.created_at', '=', before.at), eb('n.id', '<', before.id)])]));
  return withMentions(db, await q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(input.limit).execute());
}

/** Notes that mention a member, newest first, paged by note id. */
export async function listMentions(db: Executor, input: { businessId: BusinessId; memberId: MemberId; before?: string; limit: number }): Promise<Note[]> {
  let q = notesQuery(db, input.businessId).innerJoin('inbox_mentions as x', (j) => j.onRef('x.note_id', '=', 'n.id').on('x.member_id', '=', input.memberId));
  if (input.before) q = q.where('n.id', '<', input.before);
  return withMentions(db, await q.orderBy('n.id', 'desc').limit(input.limit).execute());
}
