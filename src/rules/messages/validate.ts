import { GraphError } from '../../core/graph-errors.js';
import { normalizeRecipient, type Recipient } from './recipient.js';
import { isMediaType, validateContacts, validateLocation, validateMedia, validateReaction, validateText } from './validate-content.js';
import { badParam, badValue, isObject, missing, optionalObject, optionalString, requiredObject, requiredWamid, type Json } from './validate-fields.js';
import { validateInteractive } from './validate-interactive.js';
import { validateTemplate } from './validate-template.js';

/**
 * Validation of `POST /{phone-number-id}/messages` bodies (spec §1.1, §1.3, §1.4): pure, no I/O.
 * It checks the payload's shape and Meta's documented limits; whether the number, template,
 * window and limits allow the send is decided elsewhere.
 */
export const messageTypes = [
  'text', 'image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'reaction', 'interactive', 'template',
] as const;
export type MessageType = (typeof messageTypes)[number];
export const isMessageType = (value: unknown): value is MessageType => (messageTypes as readonly unknown[]).includes(value);

interface OutboundBase {
  readonly to: Recipient;
  readonly recipientType: 'individual';
  /** `context.message_id`: the message this one quotes. */
  readonly contextMessageId?: string;
  /** Echoed back, unprocessed, in this message's status webhooks. */
  readonly bizOpaqueCallbackData?: string;
}

/**
 * A validated send. `content` is the object named after the type as the business sent it (text kept
 * exactly, unknown keys passed through for Meta to judge), with values normalized: coordinates as
 * numbers, template button indexes as strings. `{ [type]: content }` rebuilds the wire payload;
 * for `contacts` that is an array, as on the wire.
 */
export type OutboundMessage = OutboundBase &
  ({ readonly type: Exclude<MessageType, 'contacts'>; readonly content: Record<string, unknown> } | { readonly type: 'contacts'; readonly content: Record<string, unknown>[] });

/** Mark as read, optionally showing a typing indicator (spec §1.4). */
export interface ReadRequest {
  readonly kind: 'read';
  readonly messageId: string;
  readonly typing: boolean;
}

export type OutboundRequest = ReadRequest | { readonly kind: 'message'; readonly message: OutboundMessage };

export interface ValidateContext {
  /** The sending business number's calling code, prepended to recipients given without one. */
  readonly businessCallingCode: string;
}

const maxCallbackData = 512;

/** Validates a send or read body and returns it normalized; throws the GraphError Meta would answer. */
export function validateOutbound(body: unknown, context: ValidateContext): OutboundRequest {
  if (!isObject(body)) throw new GraphError('invalidParameter', 'request body must be a JSON object');
  if (body.messaging_product !== 'whatsapp') {
    throw body.messaging_product === undefined ? badParam('messaging_product', 'is required and must be "whatsapp"') : badParam('messaging_product', 'must be "whatsapp"');
  }
  if (body.status !== undefined) return validateRead(body);
  return { kind: 'message', message: validateMessage(body, context) };
}

function validateRead(body: Json): ReadRequest {
  if (body.status !== 'read') throw badParam('status', 'must be "read"');
  const messageId = requiredWamid(body, 'message_id', '');
  const indicator = optionalObject(body, 'typing_indicator', '');
  if (indicator && indicator.type !== 'text') throw badValue('typing_indicator.type', 'must be "text"');
  return { kind: 'read', messageId, typing: indicator !== undefined };
}

function validateMessage(body: Json, context: ValidateContext): OutboundMessage {
  validateRecipientType(body.recipient_type);
  const to = validateTo(body.to, context);
  const type = body.type ?? 'text'; // Meta sends a text when `type` is left out.
  if (typeof type !== 'string') throw badParam('type', 'must be a string');
  if (!isMessageType(type)) throw new GraphError('unsupportedMessageType', `type: "${type}" is not a supported message type`);
  const base = { to, recipientType: 'individual' as const, ...quotedMessage(body), ...callbackData(body) };
  if (type === 'contacts') return { ...base, type, content: validateContacts(body) };
  return { ...base, type, content: validateContent(type, requiredObject(body, type, '')) };
}

function validateContent(type: Exclude<MessageType, 'contacts'>, content: Json): Json {
  if (isMediaType(type)) return validateMedia(type, content);
  switch (type) {
    case 'text': return validateText(content);
    case 'location': return validateLocation(content);
    case 'reaction': return validateReaction(content);
    case 'interactive': return validateInteractive(content);
    case 'template': return validateTemplate(content);
    default: {
      const never: never = type;
      throw new Error(`unhandled message type ${String(never)}`);
    }
  }
}

function validateRecipientType(value: unknown): void {
  if (value === undefined || value === null || value === 'individual') return;
  // The Groups API (spec §1.1) is not part of chatapp yet.
  if (value === 'group') throw badParam('recipient_type', 'groups are not supported');
  throw badParam('recipient_type', 'must be "individual"');
}

function validateTo(value: unknown, context: ValidateContext): Recipient {
  if (value === undefined || value === null || value === '') throw missing('to');
  if (typeof value !== 'string') throw badParam('to', 'must be a string');
  return normalizeRecipient(value, context.businessCallingCode);
}

function quotedMessage(body: Json): { contextMessageId?: string } {
  const context = optionalObject(body, 'context', '');
  return context ? { contextMessageId: requiredWamid(context, 'message_id', 'context') } : {};
}

function callbackData(body: Json): { bizOpaqueCallbackData?: string } {
  const data = optionalString(body, 'biz_opaque_callback_data', '', { max: maxCallbackData, allowEmpty: true });
  return data === undefined ? {} : { bizOpaqueCallbackData: data };
}
