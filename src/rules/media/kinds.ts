import { isMediaType, mediaTypes as messageMediaTypes, type MediaType } from '../messages/validate-content.js';
import type { ContentFamily } from './sniff.js';

/** Media kinds, named as the message types that carry them (spec §1.3): one list, the send rules'. */
export const mediaKinds = messageMediaTypes;
export type MediaKind = MediaType;
export const isMediaKind = isMediaType;

const MB = 1024 * 1024;
const KB = 1024;

export interface TypeRule {
  readonly kind: MediaKind;
  /** What the first bytes must look like; 'text' is anything that is not a known binary format. */
  readonly content: readonly ContentFamily[] | 'text';
}

/** The MIME types of spec §2 and the content each must have. */
export const mediaTypes: Readonly<Record<string, TypeRule>> = {
  'audio/aac': { kind: 'audio', content: ['adts', 'isobmff'] },
  'audio/amr': { kind: 'audio', content: ['amr'] },
  'audio/mpeg': { kind: 'audio', content: ['mp3'] },
  'audio/mp4': { kind: 'audio', content: ['isobmff'] },
  'audio/ogg': { kind: 'audio', content: ['ogg'] },
  'text/plain': { kind: 'document', content: 'text' },
  'application/pdf': { kind: 'document', content: ['pdf'] },
  'application/msword': { kind: 'document', content: ['ole'] },
  'application/vnd.ms-excel': { kind: 'document', content: ['ole'] },
  'application/vnd.ms-powerpoint': { kind: 'document', content: ['ole'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'document', content: ['zip'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'document', content: ['zip'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'document', content: ['zip'] },
  'image/jpeg': { kind: 'image', content: ['jpeg'] },
  'image/png': { kind: 'image', content: ['png'] },
  'image/webp': { kind: 'sticker', content: ['webp'] },
  'video/mp4': { kind: 'video', content: ['isobmff'] },
  'video/3gpp': { kind: 'video', content: ['isobmff'] },
};

/** Size limits of spec §2; a sticker's depends on whether it is animated. */
export const sizeLimits = { audio: 16 * MB, document: 100 * MB, image: 5 * MB, video: 16 * MB, sticker: 100 * KB, animatedSticker: 500 * KB } as const;
/** The largest file of any kind: what an upload may stream before its type is known. */
export const MAX_MEDIA_BYTES = sizeLimits.document;

/** `image/JPEG; charset=x` → `image/jpeg`. */
export const baseMimeType = (value: string): string => value.split(';')[0]!.trim().toLowerCase();

export const kindOfMime = (mime: string): MediaKind | undefined => mediaTypes[baseMimeType(mime)]?.kind;

export function maxBytesFor(kind: MediaKind, animated = false): number {
  return kind === 'sticker' && animated ? sizeLimits.animatedSticker : sizeLimits[kind];
}

export const humanSize = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`);

// ---- lifetimes (spec §2) ----------------------------------------------------------------------

const DAY = 24 * 3600 * 1000;
/** Uploaded media ids live 30 days; ids in inbound webhooks 7 days. */
export const MEDIA_TTL_MS = { upload: 30 * DAY, inbound: 7 * DAY } as const;
/** Media URLs (`GET /{media-id}`'s `url`) expire after 5 minutes. */
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;

/** Inbound webhooks carry the hash in base64 (spec §2, §4.4); the Graph answer in hex. */
export const sha256Base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');
