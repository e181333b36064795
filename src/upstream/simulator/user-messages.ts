import { invalidParameter } from '../../core/graph-errors.js';
import { validateContacts, validateLocation, validateReaction } from '../../rules/messages/validate-content.js';
import { isObject } from '../../rules/messages/validate-fields.js';
import type { Store } from '../../store/database.js';
import * as sql from './store.js';

/**
 * The shape checks a user's phone makes before a location, a contact card or a reaction leaves it:
 * the same rules as a business's send of that type (spec §1.3), so the business never receives one
 * that Meta's app could not have produced (spec §4.4). Media goes through user-media.ts instead.
 * A reaction must name a message of this chat, which is the only place the app lets one react.
 */
export async function checkUserMessage(options: { store: Store; waId: string; phoneNumberId: string; message: Record<string, unknown> }): Promise<Record<string, unknown>> {
  const { message } = options;
  switch (message.type) {
    case 'location':
      if (!isObject(message.location)) throw invalidParameter('message.location: is required');
      return { ...message, location: validateLocation(message.location) };
    case 'contacts':
      return { ...message, contacts: validateContacts({ contacts: message.contacts }) };
    case 'reaction': {
      if (!isObject(message.reaction)) throw invalidParameter('message.reaction: is required');
      const reaction = validateReaction(message.reaction) as { message_id: string; emoji: string };
      const target = await sql.findSimMessage(options.store.db, reaction.message_id);
      if (!target || target.waId !== options.waId || target.phoneNumberId !== options.phoneNumberId) {
        throw invalidParameter(`reaction.message_id: ${reaction.message_id} is not in this chat`);
      }
      return { ...message, reaction: { message_id: reaction.message_id, emoji: reaction.emoji } };
    }
    default:
      return message;
  }
}
