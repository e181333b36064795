import type { PhoneNumberId } from '../../core/brand.js';

/**
 * A message as chatapp hands it to Meta's side: the body of `POST /{phone-number-id}/messages`
 * (spec §1), already validated by chatapp with the same rules (src/rules/messages).
 */
export interface UpstreamMessage {
  /**
   * chatapp's id for it, which the business already holds. The simulator keeps it as the message's
   * wamid, so a repeated hand-over after a crash is recognised; Meta answers with its own.
   */
  readonly wamid: string;
  readonly phoneNumberId: PhoneNumberId;
  readonly to: string;
  readonly type: string;
  /** The object named after the type (an array for `contacts`), as on the wire. */
  readonly content: unknown;
  readonly contextMessageId?: string | undefined;
  readonly bizOpaqueCallbackData?: string | undefined;
}

/** `POST /{phone-number-id}/messages`: sends, read receipts and the typing indicator (spec §1, §1.4). */
export interface MessagesPort {
  /** Hands a message over; resolves once the platform has it (its wamid). Outcomes arrive through the sink. */
  sendMessage(message: UpstreamMessage): Promise<{ wamid: string }>;
  /** `{status: 'read', message_id, typing_indicator?}`: blue ticks on an inbound message, optionally the typing bubble. */
  markRead(input: { phoneNumberId: PhoneNumberId; messageId: string; typing: boolean }): Promise<void>;
}
