import type { ConsoleUser } from '../accounts/model.js';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { newGraphId } from '../core/ids.js';
import type { Store } from '../store/database.js';
import type { InboxEventBus } from './events.js';
import { presentCannedReply, presentNote } from './presenters.js';
import type { InboxService } from './service.js';
import { presentMarketing, presentReferral } from './customer.js';
import { latestMarketingStop, latestReferral } from './customer-store.js';
import { conversationIdsOfCustomer } from './store.js';
import * as team from './team-store.js';
import { isShortcut, normalizeLabel, parseMentions } from './text.js';
import { insertNote, listMentions, type Note } from './timeline-store.js';
import { presentedConversation, requireConversation } from './views.js';

export interface InboxTeamOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly bus: InboxEventBus;
  readonly inbox: Pick<InboxService, 'agents' | 'windowFacts'>;
}

const NOTE_MAX = 4000;
const CANNED_MAX = 4096;

/** What agents keep for each other: private notes with @mentions, contact labels, canned replies, settings. */
export class InboxTeam {
  readonly #o: InboxTeamOptions;

  constructor(options: InboxTeamOptions) {
    this.#o = options;
  }

  async addNote(user: ConsoleUser, conversationId: string, body: string) {
    const { businessId } = user;
    const text = body.trim();
    if (text.length === 0 || text.length > NOTE_MAX) throw invalidParameter(`body: a note has 1 to ${NOTE_MAX} characters`);
    await requireConversation(this.#o.store.db, businessId, conversationId);
    const agents = await this.#o.inbox.agents(businessId);
    const note: Note = {
      id: newGraphId(this.#o.clock),
      conversationId,
      author: { id: user.memberId, name: user.name },
      body: text,
      mentions: parseMentions(text, agents).filter((id) => id !== user.memberId),
      createdAt: this.#o.clock.now(),
    };
    await this.#o.store.transaction((trx) => insertNote(trx, { businessId, note }));
    const presented = presentNote(note);
    this.#o.bus.publish({ type: 'note.created', businessId, data: { conversation_id: conversationId, note: presented } });
    for (const to of note.mentions) this.#o.bus.publish({ type: 'mention', businessId, to, data: { conversation_id: conversationId, note: presented } });
    return presented;
  }

  async mentions(user: ConsoleUser, page: { limit: number; before?: string }) {
    if (page.before !== undefined && !/^\d{1,30}$/.test(page.before)) throw invalidParameter('before is not a valid cursor');
    const rows = await listMentions(this.#o.store.db, { businessId: user.businessId, memberId: user.memberId, limit: page.limit + 1, ...(page.before ? { before: page.before } : {}) });
    const items = rows.slice(0, page.limit);
    return { data: items.map(presentNote), paging: rows.length > page.limit ? { cursors: { before: items.at(-1)!.id } } : {} };
  }

  /** A customer of this business: one it has a conversation with. Anyone else is not found, whoever's customer they are. */
  async #customer(businessId: BusinessId, waId: string): Promise<string[]> {
    const ids = /^\d{1,20}$/.test(waId) ? await conversationIdsOfCustomer(this.#o.store.db, businessId, waId) : [];
    if (ids.length === 0) throw objectNotFound(waId);
    return ids;
  }

  /**
   * A customer as the contact panel shows them: labels, conversations, the Click-to-WhatsApp ad that
   * brought them last (with the free entry point of that chat) and their marketing opt-out as far as
   * chatapp has seen it (peers.md §8.10: attribution must not be dropped).
   */
  async contact(user: ConsoleUser, waId: string) {
    const { businessId } = user;
    const db = this.#o.store.db;
    const ids = await this.#customer(businessId, waId);
    const now = this.#o.clock.now();
    const conversations = await Promise.all(ids.map((id) => presentedConversation(db, { businessId, id, now })));
    const labels = (await team.labelsOf(db, businessId, [waId])).get(waId) ?? [];
    const chats = { businessId, waId, phoneNumberIds: [...new Set(conversations.flatMap((c) => (c ? [c.phone_number_id] : [])))] };
    const [referral, stop] = await Promise.all([latestReferral(db, chats), latestMarketingStop(db, chats)]);
    const windows = referral ? await this.#o.inbox.windowFacts(businessId, referral.phoneNumberId, waId) : undefined;
    return {
      wa_id: waId,
      profile_name: conversations[0]?.customer.profile_name ?? null,
      labels,
      conversations,
      ad_referral: referral && windows ? presentReferral(referral, windows, now) : null,
      marketing: presentMarketing(stop),
    };
  }

  async label(user: ConsoleUser, input: { waId: string; label: string; add: boolean }) {
    const label = normalizeLabel(input.label);
    if (!label) throw invalidParameter('label: 1 to 50 letters, digits, - or _ (spaces become -)');
    const ids = await this.#customer(user.businessId, input.waId);
    const key = { businessId: user.businessId, waId: input.waId, label };
    if (input.add) await team.addLabel(this.#o.store.db, { ...key, now: this.#o.clock.now() });
    else await team.removeLabel(this.#o.store.db, key);
    const labels = (await team.labelsOf(this.#o.store.db, user.businessId, [input.waId])).get(input.waId) ?? [];
    for (const id of ids) {
      const conversation = await presentedConversation(this.#o.store.db, { businessId: user.businessId, id, now: this.#o.clock.now() });
      this.#o.bus.publish({ type: 'conversation.updated', businessId: user.businessId, data: { conversation, change: { labels, by: user.memberId } } });
    }
    return { wa_id: input.waId, labels };
  }

  async labels(user: ConsoleUser) {
    return { data: await team.labelCounts(this.#o.store.db, user.businessId) };
  }

  async cannedReplies(user: ConsoleUser) {
    return { data: (await team.listCannedReplies(this.#o.store.db, user.businessId)).map(presentCannedReply) };
  }

  async createCanned(user: ConsoleUser, input: { shortcut: string; text: string }) {
    const { shortcut, text } = await this.#checkCanned(user.businessId, input);
    if (shortcut === undefined || text === undefined) throw invalidParameter('A canned reply needs a shortcut and a text');
    const now = this.#o.clock.now();
    const reply = { id: newGraphId(this.#o.clock), shortcut, text, createdBy: user.memberId, createdAt: now, updatedAt: now };
    await team.insertCannedReply(this.#o.store.db, { businessId: user.businessId, reply });
    return presentCannedReply(reply);
  }

  async updateCanned(user: ConsoleUser, id: string, input: { shortcut?: string; text?: string }) {
    const checked = await this.#checkCanned(user.businessId, input, id);
    const ok = /^\d{1,30}$/.test(id) && (await team.updateCannedReply(this.#o.store.db, { businessId: user.businessId, id, ...checked, now: this.#o.clock.now() }));
    if (!ok) throw objectNotFound(id, 'post');
    const found = (await team.listCannedReplies(this.#o.store.db, user.businessId)).find((c) => c.id === id)!;
    return presentCannedReply(found);
  }

  async deleteCanned(user: ConsoleUser, id: string) {
    if (!/^\d{1,30}$/.test(id) || !(await team.deleteCannedReply(this.#o.store.db, user.businessId, id))) throw objectNotFound(id, 'delete');
    return { success: true };
  }

  async #checkCanned(businessId: BusinessId, input: { shortcut?: string; text?: string }, id?: string) {
    const shortcut = input.shortcut?.trim().toLowerCase();
    if (shortcut !== undefined) {
      if (!isShortcut(shortcut)) throw invalidParameter('shortcut: 1 to 32 lowercase letters, digits, - or _');
      const taken = await team.findCannedByShortcut(this.#o.store.db, businessId, shortcut);
      if (taken && taken.id !== id) throw invalidParameter(`shortcut: /${shortcut} is already a canned reply`);
    }
    const text = input.text?.trim();
    if (text !== undefined && (text.length === 0 || text.length > CANNED_MAX)) throw invalidParameter(`text: 1 to ${CANNED_MAX} characters`);
    return { ...(shortcut !== undefined ? { shortcut } : {}), ...(text !== undefined ? { text } : {}) };
  }

  async settings(user: ConsoleUser) {
    const s = await team.findSettings(this.#o.store.db, user.businessId);
    return { auto_assign: s.autoAssign };
  }

  async changeSettings(user: ConsoleUser, input: { autoAssign: boolean }) {
    await team.saveSettings(this.#o.store.db, { businessId: user.businessId, autoAssign: input.autoAssign, now: this.#o.clock.now() });
    return this.settings(user);
  }
}
