import type { WebhookPricing } from '../rules/pricing/decide.js';

/** Outbound statuses in the order they can only move forward; `failed` is final (spec §4.5). */
export const outboundStatuses = ['accepted', 'sent', 'delivered', 'read', 'failed'] as const;
export type OutboundStatus = (typeof outboundStatuses)[number];

const rank: Record<OutboundStatus, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/**
 * Whether a receipt moves a message forward. Late or repeated receipts are absorbed: a `delivered`
 * after `read` changes nothing, and nothing follows `failed` or comes after `read` except nothing.
 */
export function advances(current: OutboundStatus, next: OutboundStatus): boolean {
  if (current === 'failed' || current === 'read') return false;
  return rank[next] > rank[current];
}

export const isOutboundStatus = (value: unknown): value is OutboundStatus => (outboundStatuses as readonly unknown[]).includes(value);

/** A status entry of a `statuses` webhook value, as Meta sends it. */
export interface StatusEntry {
  id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  timestamp: string;
  recipient_id: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: WebhookPricing;
  errors?: { code: number; title: string; message: string; error_data: { details: string }; href?: string }[];
}

/** An inbound message of a `messages` webhook value (spec §4.4). */
export interface InboundEntry {
  from: string;
  id: string;
  timestamp: string;
  type: string;
  [key: string]: unknown;
}

/** How long an idempotent answer is kept and replayed (chatapp's `Idempotency-Key` extension). */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
