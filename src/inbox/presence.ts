import type { BusinessId, MemberId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { ONLINE_MS, TYPING_MS } from './model.js';

interface Seen {
  streams: number;
  lastSeen: number;
}

/**
 * Who is online and who is typing where. Both are about people at screens, so they run on wall
 * time (a sandbox jump of 25 hours must not sign everyone out) and live in this process's memory:
 * with several processes they would need sharing too (see events.ts).
 */
export class Presence {
  readonly #wall: Clock;
  readonly #seen = new Map<BusinessId, Map<MemberId, Seen>>();
  /** conversation id → member → until (wall ms). */
  readonly #typing = new Map<string, Map<MemberId, number>>();

  constructor(options: { wall: Clock }) {
    this.#wall = options.wall;
  }

  #entry(businessId: BusinessId, memberId: MemberId): Seen {
    let members = this.#seen.get(businessId);
    if (!members) this.#seen.set(businessId, (members = new Map()));
    let seen = members.get(memberId);
    if (!seen) members.set(memberId, (seen = { streams: 0, lastSeen: 0 }));
    return seen;
  }

  /** A live stream opened; the answer ends it. */
  connect(businessId: BusinessId, memberId: MemberId): () => void {
    const seen = this.#entry(businessId, memberId);
    seen.streams += 1;
    seen.lastSeen = this.#wall.now();
    return () => {
      seen.streams -= 1;
      seen.lastSeen = this.#wall.now();
    };
  }

  heartbeat(businessId: BusinessId, memberId: MemberId): void {
    this.#entry(businessId, memberId).lastSeen = this.#wall.now();
  }

  online(businessId: BusinessId): MemberId[] {
    const now = this.#wall.now();
    const members = this.#seen.get(businessId) ?? new Map<MemberId, Seen>();
    return [...members].filter(([, s]) => s.streams > 0 || now - s.lastSeen < ONLINE_MS).map(([id]) => id);
  }

  /** Marks (or with `typing: false` clears) a member composing in a conversation. */
  setTyping(input: { conversationId: string; memberId: MemberId; typing: boolean }): void {
    let marks = this.#typing.get(input.conversationId);
    if (!marks) this.#typing.set(input.conversationId, (marks = new Map()));
    if (input.typing) marks.set(input.memberId, this.#wall.now() + TYPING_MS);
    else marks.delete(input.memberId);
    if (marks.size === 0) this.#typing.delete(input.conversationId);
  }

  /** Who is composing in a conversation now; expired marks are dropped on the way. */
  typing(conversationId: string): MemberId[] {
    const marks = this.#typing.get(conversationId);
    if (!marks) return [];
    const now = this.#wall.now();
    for (const [id, until] of marks) if (until <= now) marks.delete(id);
    if (marks.size === 0) this.#typing.delete(conversationId);
    return [...marks.keys()];
  }
}
