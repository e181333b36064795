import type { AccountsPort } from './port/accounts.js';
import type { MediaPort } from './port/media.js';
import type { MessagesPort } from './port/messages.js';
import type { NumbersPort } from './port/numbers.js';
import type { TemplatesPort } from './port/templates.js';

export type { UpstreamMessage } from './port/messages.js';
export type { UpstreamMediaInfo } from './port/media.js';
export type { UpstreamTemplate } from './port/templates.js';
export type { UpstreamPhoneNumber } from './port/numbers.js';
export type { UpstreamWaba } from './port/accounts.js';
export type { Owner } from './port/owner.js';

/**
 * Everything chatapp asks of Meta's side, in Cloud API terms (DESIGN.md, "The upstream: one seam,
 * two sides"): the simulator implements it in process, `meta-cloud` over graph.facebook.com. Its
 * answers and the sink are all chatapp learns of Meta's state; chatapp's records are a mirror.
 * A refusal is a GraphError with Meta's code, as Meta answers it.
 */
export interface Upstream extends MessagesPort, MediaPort, TemplatesPort, NumbersPort, AccountsPort {}

/** Webhook fields the platform reports on (spec §4.7): what an app may subscribe to, and chatapp's app does. */
export const webhookFields = [
  'messages',
  'message_template_status_update',
  'message_template_quality_update',
  'template_category_update',
  'phone_number_name_update',
  'phone_number_quality_update',
  'account_update',
  'account_review_update',
  'business_capability_update',
  'account_alerts',
  'user_preferences',
] as const;

export type WebhookField = (typeof webhookFields)[number];

/** One change as Meta posts it: the `value` object of a webhook `changes[]` entry. */
export interface UpstreamChange {
  readonly wabaId: string;
  readonly field: WebhookField;
  readonly value: Record<string, unknown>;
}

/** What Meta's side tells chatapp, exactly as Meta posts it, whichever side produced it. */
export interface UpstreamSink {
  receive(change: UpstreamChange): Promise<void>;
}
