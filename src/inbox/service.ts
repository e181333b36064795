import type { Member } from '../accounts/model.js';
import { roleAllows, type ConsoleUser } from '../accounts/model.js';
import { asPhoneNumberId, type BusinessId, type MemberId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter } from '../core/graph-errors.js';
import { windowOpen } from '../rules/window.js';
import type { MessagingService } from '../messaging/service.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import type { Readable } from 'node:stream';
import { openAttachment, uploadAttachment, type InboxMediaStore } from './attachments.js';
import type { InboxEventBus, InboxEvent } from './events.js';
import { decodeListCursor, encodeListCursor, statusChange, type Conversation, type ConversationFilter, type ConversationStatus } from './model.js';
import type { Presence } from './presence.js';
import { presentMessage } from './presenters.js';
import * as sql from './store.js';
import { listChatMessages, listNotes, recordAuthor } from './timeline-store.js';
import { decodeTimelineCursor, encodeTimelineCursor, mergeTimeline } from './timeline.js';
import { presentedConversation, presentViews, requireConversation } from './views.js';

export interface InboxServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly bus: InboxEventBus;
  readonly presence: Presence;
  readonly members: { listMembers(businessId: BusinessId): Promise<Member[]> };
  readonly numbers: Pick<NumbersService, 'getPhoneNumber'>;
  readonly messaging: Pick<MessagingService, 'send' | 'markRead' | 'lastInboundAt' | 'windowFacts'>;
  /** Files agents attach, and the files of the conversation's messages. */
  readonly media: InboxMediaStore;
}

export type ListQuery = Omit<ConversationFilter, 'after' | 'assignee'> & { after?: string; assignee?: string };
export type Assignment = { kind: 'claim' } | { kind: 'unassign' } | { kind: 'assign' | 'transfer'; to: MemberId };

const ATTEMPTS = 8;

/** The shared inbox's conversations: lists, assignment, status, reading and answering, typing, live streams. */
export class InboxService {
  readonly #o: InboxServiceOptions;

  constructor(options: InboxServiceOptions) {
    this.#o = options;
  }

  /** Members who may work the inbox (their role allows `inbox.use`). */
  async agents(businessId: BusinessId): Promise<Member[]> {
    return (await this.#o.members.listMembers(businessId)).filter((m) => roleAllows(m.role, 'inbox.use'));
  }

  async list(user: ConsoleUser, query: ListQuery) {
    const { businessId } = user;
    await this.wakeDue(businessId);
    const after = query.after === undefined ? undefined : decodeListCursor(query.after);
    if (query.after !== undefined && !after) throw invalidParameter('after is not a valid cursor');
    const assignee = query.assignee === 'me' ? user.memberId : (query.assignee as MemberId | 'unassigned' | undefined);
    const now = this.#o.clock.now();
    const { after: _, assignee: __, ...rest } = query;
    const filter: ConversationFilter = { ...rest, ...(assignee ? { assignee } : {}), ...(after ? { after } : {}) };
    const rows = await sql.listConversations(this.#o.store.db, { businessId, filter, now });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const more = rows.length > query.limit && last;
    return {
      data: await presentViews(this.#o.store.db, { businessId, views: page, now }),
      paging: more ? { cursors: { after: encodeListCursor({ key: last.sortKey, id: last.id }) } } : {},
    };
  }

  async get(user: ConsoleUser, id: string) {
    await this.wakeDue(user.businessId);
    const conversation = await this.#present(user.businessId, id);
    return { ...conversation, typing: await this.#typingOthers(user, id) };
  }

  /**
   * Messages in both directions interleaved with private notes, newest first, paged backwards with
   * `before`. The cursor keeps a position per kind, so each table is paged in its own SQL order.
   */
  async timeline(user: ConsoleUser, id: string, page: { limit: number; before?: string }) {
    const { businessId } = user;
    const c = await requireConversation(this.#o.store.db, businessId, id);
    const cursor = page.before === undefined ? {} : decodeTimelineCursor(page.before);
    if (!cursor) throw invalidParameter('before is not a valid cursor');
    const take = page.limit + 1;
    const [messages, notes] = await Promise.all([
      listChatMessages(this.#o.store.db, { businessId, phoneNumberId: c.phoneNumberId, waId: c.waId, limit: take, ...(cursor.m ? { before: cursor.m } : {}) }),
      listNotes(this.#o.store.db, { businessId, conversationId: id, limit: take, ...(cursor.n ? { before: cursor.n } : {}) }),
    ]);
    const { items, next, more } = mergeTimeline({ messages, notes, limit: page.limit, cursor });
    return { data: items, paging: more ? { cursors: { before: encodeTimelineCursor(next) } } : {} };
  }

  /** Snoozes whose time has come end now; agents watching see them come back. */
  async wakeDue(businessId: BusinessId): Promise<void> {
    const woken = await sql.wakeSnoozed(this.#o.store.db, businessId, this.#o.clock.now());
    for (const id of woken) await this.#announce(businessId, { id, change: { woke: true } });
  }

  async assign(user: ConsoleUser, id: string, assignment: Assignment) {
    const target = assignment.kind === 'assign' || assignment.kind === 'transfer' ? assignment.to : assignment.kind === 'claim' ? user.memberId : null;
    if (target && !(await this.agents(user.businessId)).some((m) => m.id === target)) {
      throw invalidParameter(`member_id: ${target} is not a member of this business who can use the inbox`);
    }
    return this.#mutate(user, id, (c) => {
      if (assignment.kind === 'claim' && c.assigneeId !== null && c.assigneeId !== user.memberId) {
        return { error: `The conversation is already assigned to member ${c.assigneeId}; ask them to transfer it` };
      }
      if (assignment.kind === 'transfer' && c.assigneeId === null) return { error: 'The conversation is unassigned: claim or assign it instead of transferring' };
      if (assignment.kind === 'transfer' && c.assigneeId === target) return { error: 'The conversation is already assigned to that member' };
      return { change: { assigneeId: target }, event: { assignment: { kind: assignment.kind, from: c.assigneeId, to: target, by: user.memberId } } };
    });
  }

  async setStatus(user: ConsoleUser, id: string, input: { status: ConversationStatus; snoozedUntil?: number }) {
    const decided = statusChange({ to: input.status, snoozeUntil: input.snoozedUntil, now: this.#o.clock.now() });
    if ('error' in decided) throw invalidParameter(decided.error);
    return this.#mutate(user, id, () => ({ change: decided, event: { status: decided.status, by: user.memberId } }));
  }

  /**
   * The agent has read the conversation: unread goes to zero and the customer's latest message is
   * marked read, so their phone shows blue ticks (spec §1.4).
   */
  async markRead(user: ConsoleUser, id: string) {
    const conversation = await requireConversation(this.#o.store.db, user.businessId, id);
    const recent = await listChatMessages(this.#o.store.db, { businessId: user.businessId, phoneNumberId: conversation.phoneNumberId, waId: conversation.waId, limit: 50 });
    const unread = recent.find((m) => m.direction === 'in' && m.type !== 'reaction' && m.type !== 'system');
    if (unread && unread.status !== 'read') {
      await this.#o.messaging.markRead(user.businessId, asPhoneNumberId(conversation.phoneNumberId), unread.id, false);
    }
    return this.#mutate(user, id, (c) => (c.unreadCount === 0 ? { change: {} } : { change: { unreadCount: 0 }, event: { read_by: user.memberId } }));
  }

  /**
   * An answer from the console: the Cloud API body goes through MessagingService.send (its
   * validation, its errors). Outside the customer service window a free-form message is refused
   * here with 131047 instead of being accepted to fail later (peers.md §8.1); templates go.
   */
  async send(user: ConsoleUser, id: string, body: Record<string, unknown>) {
    const { businessId } = user;
    const conversation = await requireConversation(this.#o.store.db, businessId, id);
    if ('status' in body) throw invalidParameter('Mark messages read with POST …/read; this endpoint sends messages');
    const type = typeof body.type === 'string' ? body.type : 'text';
    const lastInboundAt = await this.#o.messaging.lastInboundAt(businessId, conversation.phoneNumberId, conversation.waId);
    const now = this.#o.clock.now();
    if (type !== 'template' && !windowOpen(lastInboundAt, now)) {
      const since = lastInboundAt === undefined ? 'has never written to this number' : `last wrote ${new Date(lastInboundAt).toISOString()}`;
      throw new GraphError('reEngagement', `The customer ${since}: the 24-hour customer service window is closed, so only an approved template can reach them`);
    }
    await this.#requireQuoted(businessId, conversation, body);
    const othersTyping = await this.#typingOthers(user, id);
    const number = await this.#o.numbers.getPhoneNumber(businessId, asPhoneNumberId(conversation.phoneNumberId));
    const answer = await this.#o.messaging.send({ businessId, number, body: { ...body, messaging_product: 'whatsapp', recipient_type: 'individual', to: conversation.waId } });
    const messageId = 'messages' in answer ? answer.messages[0]?.id : undefined;
    if (!messageId) throw new GraphError('unknown', 'The message was not accepted');
    await recordAuthor(this.#o.store.db, { businessId, messageId, memberId: user.memberId, now: this.#o.clock.now() });
    this.#o.presence.setTyping({ conversationId: id, memberId: user.memberId, typing: false });
    const [row] = await listChatMessages(this.#o.store.db, { businessId, phoneNumberId: conversation.phoneNumberId, waId: conversation.waId, ids: [messageId], limit: 1 });
    const message = row ? presentMessage(row) : { id: messageId };
    this.#publish({ type: 'message.updated', businessId, data: { conversation_id: id, message } });
    return {
      message,
      others_typing: othersTyping,
      ...(othersTyping.length ? { warning: `${othersTyping.map((m) => m.name).join(', ')} ${othersTyping.length > 1 ? 'were' : 'was'} also typing a reply` } : {}),
    };
  }

  /** A file to send in this conversation, uploaded for its business number (the Graph upload's checks). */
  async uploadMedia(user: ConsoleUser, id: string, file: { body: Readable; mimeType: string | undefined; filename: string | undefined }) {
    const conversation = await requireConversation(this.#o.store.db, user.businessId, id);
    return uploadAttachment(this.#o.media, { businessId: user.businessId, conversation, ...file });
  }

  /** The bytes of a media message of this conversation, either way, for the timeline's preview. */
  async openMedia(user: ConsoleUser, id: string, mediaId: string) {
    const conversation = await requireConversation(this.#o.store.db, user.businessId, id);
    return openAttachment(this.#o.media, { businessId: user.businessId, conversation, mediaId });
  }

  /** The windows between a number and a customer (service, ad referral, free entry point), for the contact panel. */
  windowFacts(businessId: BusinessId, phoneNumberId: string, waId: string) {
    return this.#o.messaging.windowFacts(businessId, phoneNumberId, waId);
  }

  /**
   * A reaction and a quoted reply name a message by id; from the console it must be one of this
   * conversation, so an agent cannot point at another chat's (or business's) message. Malformed
   * values are left to the Cloud API validation that follows.
   */
  async #requireQuoted(businessId: BusinessId, conversation: Conversation, body: Record<string, unknown>): Promise<void> {
    const refs: [string, unknown][] = [
      ['context.message_id', (body.context as { message_id?: unknown } | undefined)?.message_id],
      ['reaction.message_id', body.type === 'reaction' ? (body.reaction as { message_id?: unknown } | undefined)?.message_id : undefined],
    ];
    for (const [path, value] of refs) {
      if (typeof value !== 'string' || value === '') continue;
      const [found] = await listChatMessages(this.#o.store.db, { businessId, phoneNumberId: conversation.phoneNumberId, waId: conversation.waId, ids: [value], limit: 1 });
      if (!found) throw new GraphError('parameterValueInvalid', `${path}: ${value} is not a message of this conversation`);
    }
  }

  /** "Someone else is replying": the mark lasts ~10 s of wall time unless renewed; `typing: false` lifts it. */
  async typing(user: ConsoleUser, id: string, typing: boolean) {
    await requireConversation(this.#o.store.db, user.businessId, id);
    this.#o.presence.setTyping({ conversationId: id, memberId: user.memberId, typing });
    const everyone = await this.#named(user.businessId, this.#o.presence.typing(id));
    this.#publish({ type: 'typing', businessId: user.businessId, data: { conversation_id: id, members: everyone } });
    return { typing: everyone.filter((m) => m.id !== user.memberId) };
  }

  heartbeat(user: ConsoleUser) {
    this.#o.presence.heartbeat(user.businessId, user.memberId);
    return { online: this.#o.presence.online(user.businessId) };
  }

  /** A member's live stream: every event of the business except mentions of someone else. */
  openStream(user: ConsoleUser, deliver: (event: InboxEvent) => void): () => void {
    const unsubscribe = this.#o.bus.subscribe(user.businessId, (event) => {
      if (event.to === undefined || event.to === user.memberId) deliver(event);
    });
    const disconnect = this.#o.presence.connect(user.businessId, user.memberId);
    return () => {
      unsubscribe();
      disconnect();
    };
  }

  async #typingOthers(user: ConsoleUser, id: string) {
    return this.#named(user.businessId, this.#o.presence.typing(id).filter((m) => m !== user.memberId));
  }

  async #named(businessId: BusinessId, ids: readonly MemberId[]): Promise<{ id: MemberId; name: string }[]> {
    if (ids.length === 0) return [];
    const members = await this.#o.members.listMembers(businessId);
    return ids.map((id) => ({ id, name: members.find((m) => m.id === id)?.name ?? '' }));
  }

  async #present(businessId: BusinessId, id: string) {
    await requireConversation(this.#o.store.db, businessId, id);
    const presented = await presentedConversation(this.#o.store.db, { businessId, id, now: this.#o.clock.now() });
    if (!presented) throw invalidParameter(`conversation ${id} vanished`);
    return presented;
  }

  /** Compare-and-set on the conversation row, retried when someone else (an agent, a message) moved it first. */
  async #mutate(
    user: ConsoleUser,
    id: string,
    decide: (c: Conversation) => { error: string } | { change: sql.ConversationChange; event?: Record<string, unknown> },
  ) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await requireConversation(this.#o.store.db, user.businessId, id);
      const decided = decide(current);
      if ('error' in decided) throw invalidParameter(decided.error);
      if (Object.keys(decided.change).length === 0) return this.#present(user.businessId, id);
      if (await sql.updateConversation(this.#o.store.db, { id, revision: current.revision, change: decided.change, now: this.#o.clock.now() })) {
        return this.#announce(user.businessId, { id, change: decided.event ?? {} });
      }
    }
    throw new GraphError('somethingWentWrong', 'The conversation kept changing; try again');
  }

  async #announce(businessId: BusinessId, input: { id: string; change: Record<string, unknown> }) {
    const conversation = await this.#present(businessId, input.id);
    this.#publish({ type: 'conversation.updated', businessId, data: { conversation, change: input.change } });
    return conversation;
  }

  #publish(event: InboxEvent): void {
    this.#o.bus.publish(event);
  }
}
