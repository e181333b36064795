import type { PhoneNumberId } from '../core/brand.js';

/** A message as chatapp hands it to Meta's side: the Cloud API payload, already validated. */
export interface UpstreamMessage {
  /** chatapp's id for it; the simulator keeps it, so a repeated hand-over is recognised. */
  readonly wamid: string;
  readonly phoneNumberId: PhoneNumberId;
  readonly to: string;
  readonly type: string;
  /** The object named after the type (an array for `contacts`), as on the wire. */
  readonly content: unknown;
  readonly contextMessageId?: string | undefined;
  readonly bizOpaqueCallbackData?: string | undefined;
}

/** What chatapp asks of Meta's side (DESIGN.md, "The upstream: one seam, two sides"). */
export interface Upstream {
  /** Hands a message over. Resolves once the platform has it; outcomes arrive later through the sink. */
  sendMessage(message: UpstreamMessage): Promise<{ wamid: string }>;
  /** Marks an inbound message read (blue ticks) and optionally shows the typing bubble. */
  markRead(input: { phoneNumberId: PhoneNumberId; messageId: string; typing: boolean }): Promise<void>;
}

/** Webhook fields the platform reports on (spec §4.7). */
export type WebhookField =
  | 'messages'
  | 'message_template_status_update'
  | 'message_template_quality_update'
  | 'template_category_update'
  | 'phone_number_name_update'
  | 'phone_number_quality_update'
  | 'account_update'
  | 'account_review_update'
  | 'business_capability_update'
  | 'account_alerts'
  | 'user_preferences';

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
