import type { BusinessId, MemberId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { newGraphId } from '../core/ids.js';
import type { StatusEntry } from '../messaging/model.js';
import type { MessageHooks } from '../messaging/service.js';
import type { StoredMessage } from '../messaging/store.js';
import type { Executor, Store } from '../store/database.js';
import type { InboxEventBus } from './events.js';
import { initialStatus, nextInRotation, statusOnCustomerMessage, type Conversation } from './model.js';
import type { Presence } from './presence.js';
import { presentFailure, presentMessage } from './presenters.js';
import * as sql from './store.js';
import { findSettings, saveSettings } from './team-store.js';
import { previewOf } from './text.js';
import { listChatMessages } from './timeline-store.js';
import { presentedConversation } from './views.js';

export interface KeeperOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly bus: InboxEventBus;
  readonly presence: Presence;
  readonly log?: { warn(object: object, message: string): void };
}

/** Compare-and-set retries before giving up: each loss means another writer just moved the row. */
const ATTEMPTS = 8;

/**
 * Keeps conversations in step with messages (MessagingService's hooks): inside the transaction
 * that stores a message it creates or updates the conversation, reopens it when the customer
 * writes and hands it out round robin; after the commit it tells the agents' screens.
 */
export class ConversationKeeper implements MessageHooks {
  readonly #o: KeeperOptions;

  constructor(options: KeeperOptions) {
    this.#o = options;
  }

  async committing(trx: Executor, message: StoredMessage): Promise<void> {
    const businessId = message.businessId as BusinessId;
    const chat = { businessId, phoneNumberId: message.phoneNumberId, waId: message.waId };
    // System messages (a user changed number) are not the customer writing: no reopening, no window (as messaging).
    const fromCustomer = message.direction === 'in' && message.type !== 'system';
    const preview = previewOf(message.type, message.content);
    const now = this.#o.clock.now();
    // Every send comes through here: a business message to an existing chat is one statement.
    if (message.direction === 'out' && (await sql.touchWithBusinessMessage(trx, { ...chat, messageId: message.id, at: message.createdAt, preview, now }))) return;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await sql.findConversationByChat(trx, chat);
      if (!current) {
        const created = await sql.insertConversationIfAbsent(trx, {
          id: newGraphId(this.#o.clock),
          ...chat,
          status: initialStatus(message.direction),
          assigneeId: fromCustomer ? await this.#autoAssignee(trx, businessId) : null,
          snoozedUntil: null,
          lastInboundAt: fromCustomer ? message.createdAt : null,
          lastActivityAt: message.createdAt,
          lastMessageId: message.id,
          lastPreview: preview,
          lastDirection: message.direction,
          unreadCount: fromCustomer ? 1 : 0,
          createdAt: now,
        });
        if (created) return;
        continue;
      }
      const change = await this.#changeFor(trx, { current, message, fromCustomer, preview });
      if (await sql.updateConversation(trx, { id: current.id, revision: current.revision, change, now })) return;
    }
    throw new Error(`conversation of ${chat.phoneNumberId}/${chat.waId} kept changing under the inbox`);
  }

  async #changeFor(trx: Executor, input: { current: Conversation; message: StoredMessage; fromCustomer: boolean; preview: string }): Promise<sql.ConversationChange> {
    const { current, message, fromCustomer, preview } = input;
    // An older message arriving late (out of order) counts, but does not become the preview.
    const latest = message.createdAt >= current.lastActivityAt;
    const change: sql.ConversationChange = latest
      ? { lastActivityAt: message.createdAt, lastMessageId: message.id, lastPreview: preview, lastDirection: message.direction }
      : {};
    if (!fromCustomer) return change;
    const status = statusOnCustomerMessage(current.status);
    const reopened = status === 'open' && current.status !== 'open';
    return {
      ...change,
      status,
      ...(current.status === 'snoozed' ? { snoozedUntil: null } : {}),
      lastInboundAt: Math.max(current.lastInboundAt ?? 0, message.createdAt),
      unreadCount: current.unreadCount + 1,
      ...(reopened && current.assigneeId === null ? { assigneeId: await this.#autoAssignee(trx, current.businessId) } : {}),
    };
  }

  /** The next online agent in the business's rotation, when it auto-assigns; the rotation moves on in the same transaction. */
  async #autoAssignee(trx: Executor, businessId: BusinessId): Promise<MemberId | null> {
    const settings = await findSettings(trx, businessId);
    if (!settings.autoAssign) return null;
    const next = nextInRotation(this.#o.presence.online(businessId), settings.lastAssignedId);
    if (!next) return null;
    await saveSettings(trx, { businessId, lastAssignedId: next, now: this.#o.clock.now() });
    return next;
  }

  committed(change: { message: StoredMessage; status?: StatusEntry }): void {
    const businessId = change.message.businessId as BusinessId;
    // Nobody watching: nothing to shape. Screens that open later read the rows.
    if (!this.#o.bus.listening(businessId)) return;
    this.#publish(businessId, change).catch((error: unknown) => this.#o.log?.warn({ err: error }, 'inbox live update failed'));
  }

  async #publish(businessId: BusinessId, change: { message: StoredMessage; status?: StatusEntry }): Promise<void> {
    const { message, status } = change;
    const db = this.#o.store.db;
    const found = await sql.findConversationByChat(db, { businessId, phoneNumberId: message.phoneNumberId, waId: message.waId });
    if (!found) return;
    if (status) {
      this.#o.bus.publish({
        type: 'message.status',
        businessId,
        data: { conversation_id: found.id, message_id: message.id, status: status.status, error: status.status === 'failed' ? presentFailure(status.errors) : null },
      });
      return;
    }
    const now = this.#o.clock.now();
    const [conversation, [row]] = await Promise.all([
      presentedConversation(db, { businessId, id: found.id, now }),
      listChatMessages(db, { businessId, phoneNumberId: message.phoneNumberId, waId: message.waId, ids: [message.id], limit: 1 }),
    ]);
    if (conversation && row) this.#o.bus.publish({ type: 'message.created', businessId, data: { conversation, message: presentMessage(row) } });
  }
}
