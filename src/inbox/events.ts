import type { BusinessId, MemberId } from '../core/brand.js';

export const inboxEventTypes = [
  'conversation.updated',
  'message.created',
  /** A message's details changed after it was created (e.g. who in the console sent it). */
  'message.updated',
  'message.status',
  'note.created',
  'mention',
  'typing',
  'presence',
] as const;
export type InboxEventType = (typeof inboxEventTypes)[number];

/** One live update for a business's agents; `to` narrows it to one member (a mention). */
export interface InboxEvent {
  readonly type: InboxEventType;
  readonly businessId: BusinessId;
  readonly to?: MemberId;
  readonly data: Record<string, unknown>;
}

type Listener = (event: InboxEvent) => void;

/**
 * The in-process event bus behind the inbox's live stream: services publish after their commits,
 * every open stream of the business hears it. It reaches the streams of this process only: with
 * several `chatapp serve` processes on one PostgreSQL, publishing must go through LISTEN/NOTIFY
 * (not built yet), or an agent on another process misses updates until they reload.
 */
export class InboxEventBus {
  readonly #listeners = new Map<BusinessId, Set<Listener>>();

  subscribe(businessId: BusinessId, listener: Listener): () => void {
    let set = this.#listeners.get(businessId);
    if (!set) this.#listeners.set(businessId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(businessId);
    };
  }

  /** Whether anyone listens to this business: when no one does, publishers skip shaping the event. */
  listening(businessId: BusinessId): boolean {
    return this.#listeners.has(businessId);
  }

  publish(event: InboxEvent): void {
    for (const listener of this.#listeners.get(event.businessId) ?? []) {
      // One broken stream must not keep the others (or the publisher) from their updates.
      try {
        listener(event);
      } catch {
        /* the stream cleans itself up on close */
      }
    }
  }
}
