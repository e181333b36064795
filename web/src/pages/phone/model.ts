import type { ChatMessage } from '../../types.ts';

/**
 * The phone's pure rules, apart from its screens: what a picked file goes as, and where reactions show.
 */

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

/** Kinds that carry a caption (spec §1.3); audio and stickers do not. */
export const captioned: readonly MediaKind[] = ['image', 'video', 'document'];

/** What WhatsApp would send a picked file as: WebP is a sticker, JPEG and PNG a photo, the rest by family (spec §2). */
export function kindOf(mime: string): MediaKind {
  if (mime === 'image/webp') return 'sticker';
  if (mime === 'image/jpeg' || mime === 'image/png') return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  return 'document';
}

/** The row WhatsApp offers on a long press; any single emoji is allowed, these cover most taps. */
export const QUICK_EMOJI = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const;

/** The reactions a message wears: the user's and the business's, each the latest of its side. */
export interface Worn {
  user?: string;
  business?: string;
}

/**
 * WhatsApp draws a reaction on the message it answers, not as a message of its own: the latest
 * reaction of each side wins, and an empty emoji takes it off (spec §4.4). A reaction to a message
 * the chat no longer shows stays a line of its own.
 */
export function foldReactions(messages: readonly ChatMessage[]): { shown: ChatMessage[]; worn: Map<string, Worn> } {
  const ids = new Set(messages.map((m) => m.id));
  const worn = new Map<string, Worn>();
  const shown: ChatMessage[] = [];
  for (const m of messages) {
    const reaction = m.type === 'reaction' ? (m.reaction as { message_id?: string; emoji?: string } | undefined) : undefined;
    if (!reaction?.message_id || !ids.has(reaction.message_id)) {
      shown.push(m);
      continue;
    }
    const on = worn.get(reaction.message_id) ?? {};
    if (reaction.emoji) on[m.from] = reaction.emoji;
    else delete on[m.from];
    worn.set(reaction.message_id, on);
  }
  return { shown, worn };
}
