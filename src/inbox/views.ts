import type { BusinessId } from '../core/brand.js';
import { objectNotFound } from '../core/graph-errors.js';
import type { Executor } from '../store/database.js';
import { presentConversation, type PresentedConversation } from './presenters.js';
import type { Conversation } from './model.js';
import { findConversation, findConversationView, type ConversationView } from './store.js';
import { labelsOf } from './team-store.js';

/** List items for rows already read: their customers' labels in one query. */
export async function presentViews(db: Executor, input: { businessId: BusinessId; views: readonly ConversationView[]; now: number }): Promise<PresentedConversation[]> {
  const labels = await labelsOf(db, input.businessId, input.views.map((v) => v.waId));
  return input.views.map((v) => presentConversation(v, { labels: labels.get(v.waId) ?? [], now: input.now }));
}

/** One conversation as a list item shows it, or undefined when it is not this business's. */
export async function presentedConversation(db: Executor, input: { businessId: BusinessId; id: string; now: number }): Promise<PresentedConversation | undefined> {
  const view = await findConversationView(db, input);
  if (!view) return undefined;
  return (await presentViews(db, { businessId: input.businessId, views: [view], now: input.now }))[0];
}

/** A conversation of this business; any other id (another business's too) answers not found. */
export async function requireConversation(db: Executor, businessId: BusinessId, id: string): Promise<Conversation> {
  const found = /^\d{1,30}$/.test(id) ? await findConversation(db, businessId, id) : undefined;
  if (!found) throw objectNotFound(id);
  return found;
}
