import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { BusinessId, MemberId } from '../core/brand.js';
import { CUSTOMER_SERVICE_WINDOW_MS } from '../rules/window.js';
import type { Executor } from '../store/database.js';
import { precompiled } from '../store/precompiled.js';
import type { InboxConversationsTable } from '../store/schema.js';
import { CLOSED_WINDOW_KEY, type Conversation, type ConversationFilter, type ConversationStatus } from './model.js';

/*
 * The inbox's SQL. Conversations are its own rows; the customer's name (contacts), the assignee's
 * name (members) and the last message's status (messages) are read here through joins, never
 * written: messages change only through MessagingService.
 */

const toConversation = (row: InboxConversationsTable): Conversation => ({
  id: row.id,
  businessId: row.business_id as BusinessId,
  phoneNumberId: row.phone_number_id,
  waId: row.wa_id,
  status: row.status as ConversationStatus,
  assigneeId: row.assignee_id as MemberId | null,
  snoozedUntil: row.snoozed_until === null ? null : Number(row.snoozed_until),
  lastInboundAt: row.last_inbound_at === null ? null : Number(row.last_inbound_at),
  lastActivityAt: Number(row.last_activity_at),
  lastMessageId: row.last_message_id,
  lastPreview: row.last_preview,
  lastDirection: row.last_direction as 'in' | 'out' | null,
  unreadCount: Number(row.unread_count),
  revision: Number(row.revision),
  createdAt: Number(row.created_at),
});

/** A conversation with what its list item shows from other rooms' rows. */
export interface ConversationView extends Conversation {
  readonly profileName: string | null;
  readonly assigneeName: string | null;
  readonly lastStatus: string | null;
  readonly sortKey: number;
}

/** Creates the conversation of a chat unless it exists (a concurrent creator wins quietly); true when this call created it. */
export async function insertConversationIfAbsent(db: Executor, c: Omit<Conversation, 'revision'>): Promise<boolean> {
  const rows = await db
    .insertInto('inbox_conversations')
    .values({
      id: c.id,
      business_id: c.businessId,
      phone_number_id: c.phoneNumberId,
      wa_id: c.waId,
      status: c.status,
      assignee_id: c.assigneeId,
      snoozed_until: c.snoozedUntil,
      last_inbound_at: c.lastInboundAt,
      last_activity_at: c.lastActivityAt,
      last_message_id: c.lastMessageId,
      last_preview: c.lastPreview,
      last_direction: c.lastDirection,
      unread_count: c.unreadCount,
      revision: 0,
      created_at: c.createdAt,
      updated_at: c.createdAt,
    })
    .onConflict((oc) => oc.columns(['phone_number_id', 'wa_id']).doNothing())
    .returning('id')
    .execute();
  return rows.length > 0;
}

export async function findConversation(db: Executor, businessId: BusinessId, id: string): Promise<Conversation | undefined> {
  const row = await db.selectFrom('inbox_conversations').selectAll().where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row && toConversation(row);
}

export async function findConversationByChat(db: Executor, chat: { businessId: BusinessId; phoneNumberId: string; waId: string }): Promise<Conversation | undefined> {
  const row = await db
    .selectFrom('inbox_conversations')
    .selectAll()
    .where('business_id', '=', chat.businessId)
    .where('phone_number_id', '=', chat.phoneNumberId)
    .where('wa_id', '=', chat.waId)
    .executeTakeFirst();
  return row && toConversation(row);
}

export type ConversationChange = Partial<Pick<Conversation, 'status' | 'assigneeId' | 'snoozedUntil' | 'lastInboundAt' | 'lastActivityAt' | 'lastMessageId' | 'lastPreview' | 'lastDirection' | 'unreadCount'>>;

/** Applies `change` only if the row is still at `revision` (compare-and-set); false when someone else changed it first. */
export async function updateConversation(db: Executor, u: { id: string; revision: number; change: ConversationChange; now: number }): Promise<boolean> {
  const c = u.change;
  const result = await db
    .updateTable('inbox_conversations')
    .set({
      ...(c.status !== undefined ? { status: c.status } : {}),
      ...(c.assigneeId !== undefined ? { assignee_id: c.assigneeId } : {}),
      ...(c.snoozedUntil !== undefined ? { snoozed_until: c.snoozedUntil } : {}),
      ...(c.lastInboundAt !== undefined ? { last_inbound_at: c.lastInboundAt } : {}),
      ...(c.lastActivityAt !== undefined ? { last_activity_at: c.lastActivityAt } : {}),
      ...(c.lastMessageId !== undefined ? { last_message_id: c.lastMessageId } : {}),
      ...(c.lastPreview !== undefined ? { last_preview: c.lastPreview } : {}),
      ...(c.lastDirection !== undefined ? { last_direction: c.lastDirection } : {}),
      ...(c.unreadCount !== undefined ? { unread_count: c.unreadCount } : {}),
      revision: u.revision + 1,
      updated_at: u.now,
    })
    .where('id', '=', u.id)
    .where('revision', '=', u.revision)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

interface BusinessMessageTouch {
  businessId: BusinessId;
  phoneNumberId: string;
  waId: string;
  messageId: string;
  at: number;
  preview: string;
  now: number;
}

const touchWithBusinessMessageRow = precompiled((db, t: BusinessMessageTouch) =>
  db
    .updateTable('inbox_conversations')
    .set((eb) => ({
      last_activity_at: t.at,
      last_message_id: t.messageId,
      last_preview: t.preview,
      last_direction: 'out',
      revision: eb('revision', '+', 1),
      updated_at: t.now,
    }))
    .where('business_id', '=', t.businessId)
    .where('phone_number_id', '=', t.phoneNumberId)
    .where('wa_id', '=', t.waId)
    .where('last_activity_at', '<=', t.at),
);

/**
 * A business message that is the chat's latest becomes its preview and activity, in one statement
 * (the send path's share of the inbox). False when there is no conversation yet, or the message is
 * older than the latest activity; the caller then takes the general path.
 */
export async function touchWithBusinessMessage(db: Executor, t: BusinessMessageTouch): Promise<boolean> {
  return (await touchWithBusinessMessageRow.numAffectedRows(db, t)) > 0n;
}

/** Ends the snoozes whose time has come; answers the ids that woke. */
export async function wakeSnoozed(db: Executor, businessId: BusinessId, now: number): Promise<string[]> {
  const rows = await db
    .updateTable('inbox_conversations')
    .set((eb) => ({ status: 'open', snoozed_until: null, revision: eb('revision', '+', 1), updated_at: now }))
    .where('business_id', '=', businessId)
    .where('status', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

function views(db: Executor, businessId: BusinessId, now: number) {
  const cutoff = now - CUSTOMER_SERVICE_WINDOW_MS;
  // Window order: open windows by when they close (the customer's last message + 24 h), closed ones last.
  const windowKey = sql<number>`case when ${sql.ref('c.last_inbound_at')} > ${cutoff} then ${sql.ref('c.last_inbound_at')} else ${CLOSED_WINDOW_KEY} end`;
  return {
    windowKey,
    query: db
      .selectFrom('inbox_conversations as c')
      .leftJoin('contacts as k', (j) => j.onRef('k.business_id', '=', 'c.business_id').onRef('k.wa_id', '=', 'c.wa_id'))
      .leftJoin('members as m', (j) => j.onRef('m.id', '=', 'c.assignee_id').onRef('m.business_id', '=', 'c.business_id'))
      .leftJoin('messages as lm', 'lm.id', 'c.last_message_id')
      .selectAll('c')
      .select(['k.profile_name', 'm.name as assignee_name', 'lm.status as last_status'])
      .where('c.business_id', '=', businessId),
  };
}

type ViewRow = InboxConversationsTable & { profile_name: string | null; assignee_name: string | null; last_status: string | null; sort_key: number };

const toView = (row: ViewRow): ConversationView => ({
  ...toConversation(row),
  profileName: row.profile_name,
  assigneeName: row.assignee_name,
  lastStatus: row.last_status,
  sortKey: Number(row.sort_key),
});

export async function listConversations(db: Executor, input: { businessId: BusinessId; filter: ConversationFilter; now: number }): Promise<ConversationView[]> {
  const { filter } = input;
  const { query, windowKey } = views(db, input.businessId, input.now);
  const byWindow = filter.sort === 'window';
  const key: RawBuilder<number> = byWindow ? windowKey : sql.ref<number>('c.last_activity_at');
  let q = query.select(key.as('sort_key'));
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.assignee === 'unassigned') q = q.where('c.assignee_id', 'is', null);
  else if (filter.assignee) q = q.where('c.assignee_id', '=', filter.assignee);
  if (filter.phoneNumberId) q = q.where('c.phone_number_id', '=', filter.phoneNumberId);
  if (filter.label) {
    const label = filter.label;
    q = q.where(({ exists, selectFrom }) =>
      exists(selectFrom('contact_labels as l').select('l.label').whereRef('l.business_id', '=', 'c.business_id').whereRef('l.wa_id', '=', 'c.wa_id').where('l.label', '=', label)),
    );
  }
  const after = filter.after;
  if (after) {
    const cmp = byWindow ? '>' : '<';
    q = q.where(({ eb, or, and }) => or([eb(key, cmp, after.key), and([eb(key, '=', after.key), eb('c.id', cmp, after.id)])]) as Expression<SqlBool>);
  }
  const dir = byWindow ? 'asc' : 'desc';
  const rows = await q.orderBy(key, dir).orderBy('c.id', dir).limit(filter.limit + 1).execute();
  return (rows as unknown as ViewRow[]).map(toView);
}

export async function findConversationView(db: Executor, input: { businessId: BusinessId; id: string; now: number }): Promise<ConversationView | undefined> {
  const { query } = views(db, input.businessId, input.now);
  const row = await query.select(sql.ref<number>('c.last_activity_at').as('sort_key')).where('c.id', '=', input.id).executeTakeFirst();
  return row && toView(row as unknown as ViewRow);
}

/** The business's conversations with a customer (one per business number), newest activity first. */
export async function conversationIdsOfCustomer(db: Executor, businessId: BusinessId, waId: string): Promise<string[]> {
  const rows = await db.selectFrom('inbox_conversations').select('id').where('business_id', '=', businessId).where('wa_id', '=', waId).orderBy('last_activity_at', 'desc').execute();
  return rows.map((r) => r.id);
}
