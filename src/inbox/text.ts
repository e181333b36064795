import type { MemberId } from '../core/brand.js';

const PREVIEW_CHARS = 120;

const clip = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_CHARS ? `${flat.slice(0, PREVIEW_CHARS - 1)}…` : flat;
};

const str = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * One line for a conversation list: the text when there is one, else what kind of message it was.
 * `content` is as messaging stores it: an inbound entry's fields (`{text: {body}}`) or an outbound
 * message's object of its type (`{body}`).
 */
export function previewOf(type: string, content: unknown): string {
  const c = (content ?? {}) as Record<string, any>;
  const body = (c[type] && typeof c[type] === 'object' ? c[type] : c) as Record<string, any> | undefined;
  switch (type) {
    case 'text':
      return clip(str(body?.body) ?? '');
    case 'image':
    case 'video':
    case 'document':
      return clip(`[${type}]${str(body?.caption) ? ` ${body!.caption}` : str(body?.filename) ? ` ${body!.filename}` : ''}`);
    case 'audio':
    case 'sticker':
      return `[${type}]`;
    case 'location':
      return clip(`[location] ${str(body?.name) ?? str(body?.address) ?? `${body?.latitude ?? ''},${body?.longitude ?? ''}`}`);
    case 'reaction':
      return clip(`[reaction] ${str(body?.emoji) ?? '(removed)'}`);
    case 'template':
      return clip(`[template] ${str(body?.name) ?? ''}`);
    case 'interactive':
      return clip(str(body?.body?.text) ?? str(body?.button_reply?.title) ?? str(body?.list_reply?.title) ?? '[interactive]');
    case 'button':
      return clip(str(body?.text) ?? '[button]');
    case 'contacts':
      return '[contacts]';
    default:
      return `[${type}]`;
  }
}

/** A member as mentions see them. */
export interface Mentionable {
  readonly id: MemberId;
  readonly name: string;
  readonly email: string;
}

/**
 * Members a note mentions. `@handle` matches a member's email before the `@`, their name without
 * spaces, or their id, ignoring case; unknown handles are plain text (an email address in a note is
 * not a mention because `@` must start a word).
 */
export function parseMentions(body: string, members: readonly Mentionable[]): MemberId[] {
  const found = new Set<MemberId>();
  for (const match of body.matchAll(/(?:^|[^\w@.])@([A-Za-z0-9][\w.-]{0,63})/g)) {
    const handle = match[1]!.replace(/[.-]+$/, '').toLowerCase();
    const member = members.find(
      (m) => m.email.split('@')[0]!.toLowerCase() === handle || m.name.replace(/\s+/g, '').toLowerCase() === handle || m.id === handle,
    );
    if (member) found.add(member.id);
  }
  return [...found];
}

/** Labels compare without case or outer spaces; `vip` and ` VIP ` are one label. */
export function normalizeLabel(raw: string): string | undefined {
  const label = raw.trim().toLowerCase().replace(/\s+/g, '-');
  return /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,49}$/u.test(label) ? label : undefined;
}

/** A canned reply's shortcut, typed after `/` in the composer. */
export const isShortcut = (value: string): boolean => /^[a-z0-9][a-z0-9_-]{0,31}$/.test(value);
