import type { GraphErrorName } from '../../core/graph-errors.js';

/**
 * The simulated WhatsApp users: how each one's phone behaves. Any valid number is an ordinary user
 * whose phone receives, delivers and reads; the reserved range +1 555 000 xxxx selects outcomes
 * without any set-up (the README lists them).
 */
export interface Behaviour {
  /** false: the number has no WhatsApp account; sends fail with 131026. */
  readonly onWhatsApp: boolean;
  /** The phone is offline this long after a message arrives; past the 30-day TTL the message fails. */
  readonly offlineMs: number;
  /** How long after delivery the user reads; null: never reads. */
  readonly readAfterMs: number | null;
  /** Answers every message with a text of its own. */
  readonly autoReply: boolean;
  /** Blocks the business after its first message. */
  readonly blocksBusiness: boolean;
  /** Reports (and blocks) the business after its first message. */
  readonly reportsBusiness: boolean;
}

/** Meta keeps trying to deliver for 30 days (spec §1.1), then gives up. */
export const MESSAGE_TTL_MS = 30 * 24 * 3600 * 1000;

export interface Latencies {
  readonly deliveryMs: number;
  readonly readMs: number;
  /** The template reviewer's delay. */
  readonly reviewMs: number;
}

const HOUR = 3600 * 1000;

/** The magic numbers: the last four digits of +1 555 000 xxxx and what they do. */
export const magicNumbers: Readonly<Record<string, { summary: string; behaviour: Partial<Behaviour> }>> = {
  '0026': { summary: 'not on WhatsApp: sends fail with 131026', behaviour: { onWhatsApp: false } },
  '0010': { summary: 'offline for 1 hour of clock, then delivers and reads', behaviour: { offlineMs: HOUR } },
  '0011': { summary: 'offline for 31 days: sends fail with 131026 when the 30-day TTL runs out', behaviour: { offlineMs: 31 * 24 * HOUR } },
  '0020': { summary: 'delivers but never reads', behaviour: { readAfterMs: null } },
  '0021': { summary: 'reads 1 minute after delivery', behaviour: { readAfterMs: 60_000 } },
  '0030': { summary: 'auto-replies to every message', behaviour: { autoReply: true } },
  '0040': { summary: 'blocks the business after its first message; later sends fail with 131026', behaviour: { blocksBusiness: true } },
  '0041': { summary: 'reports and blocks the business after its first message', behaviour: { reportsBusiness: true, blocksBusiness: true } },
};

const MAGIC_PREFIX = '1555000';

export function behaviourOf(waId: string, latencies: Latencies, stored?: Partial<Behaviour>): Behaviour {
  const magic = waId.startsWith(MAGIC_PREFIX) && waId.length === 11 ? magicNumbers[waId.slice(7)]?.behaviour : undefined;
  return {
    onWhatsApp: true,
    offlineMs: 0,
    readAfterMs: latencies.readMs,
    autoReply: false,
    blocksBusiness: false,
    reportsBusiness: false,
    ...magic,
    ...stored,
  };
}

const FIRST = ['Ana', 'Ben', 'Chen', 'Dara', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Lucas', 'Mei', 'Noah', 'Olu', 'Priya'];
const LAST = ['Silva', 'Okafor', 'Tanaka', 'Müller', 'Rossi', 'Khan', 'García', 'Novak', 'Haddad', 'Kim', 'Costa', 'Dubois'];

/** Every user has a profile name; it is derived from the number so it is the same every time. */
export function defaultProfileName(waId: string): string {
  let h = 0;
  for (const ch of waId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${FIRST[h % FIRST.length]} ${LAST[(h >>> 8) % LAST.length]}`;
}

/** Inbound message types a simulated user can send (spec §4.4). */
export const inboundTypes = ['text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'reaction', 'interactive', 'button', 'order'] as const;
export type InboundType = (typeof inboundTypes)[number];

/** One receipt of a message's plan: the status Meta reports and when (clock ms); a failure says why. */
export interface ReceiptStep {
  readonly status: 'sent' | 'delivered' | 'read' | 'failed';
  readonly at: number;
  readonly error?: GraphErrorName;
  readonly details?: string;
}

/** What the user's phone shows for a business message: one grey tick, two grey, two blue, or a failure. */
export type Ticks = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

const tickRank: Record<Ticks, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };
export const ticksAdvance = (current: Ticks, next: Ticks): boolean => current !== 'failed' && current !== 'read' && tickRank[next] > tickRank[current];

/** The ticks a message may show for `next` to move it forward. */
export const ticksBefore = (next: Ticks): Ticks[] => (Object.keys(tickRank) as Ticks[]).filter((t) => ticksAdvance(t, next));
