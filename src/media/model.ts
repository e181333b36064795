import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BusinessId } from '../core/brand.js';
import { GraphError } from '../core/graph-errors.js';
import { describeContent, sniff, type ContentFamily } from './sniff.js';

/** Media kinds, named as the message types that carry them (spec §1.3). */
export const mediaKinds = ['audio', 'document', 'image', 'sticker', 'video'] as const;
export type MediaKind = (typeof mediaKinds)[number];
export const isMediaKind = (value: unknown): value is MediaKind => (mediaKinds as readonly unknown[]).includes(value);

const MB = 1024 * 1024;
const KB = 1024;

interface TypeRule {
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

const human = (bytes: number): string => (bytes >= MB ? `${bytes / MB} MB` : `${bytes / KB} KB`);

export interface MediaFacts {
  readonly mimeType: string;
  readonly kind: MediaKind;
  readonly animated: boolean;
}

/**
 * Checks a file against spec §2: a supported type (100, in Meta's wording for uploads), of the kind
 * the message needs, within its size limit, and with content that is what the type says (131053
 * naming the declared and the detected type). `head` is the file's first bytes (64 are enough).
 */
export function checkMedia(input: { declared: string; size: number; head: Uint8Array; expectKind?: MediaKind }): MediaFacts {
  const mimeType = baseMimeType(input.declared);
  const rule = mediaTypes[mimeType];
  if (!rule) {
    throw new GraphError('invalidParameter', `Param file must be a file with one of the following types: ${Object.keys(mediaTypes).join(', ')}. Received file of type '${mimeType || 'none'}'.`);
  }
  // A document may be any supported file: WhatsApp delivers every file as a document.
  if (input.expectKind && input.expectKind !== 'document' && rule.kind !== input.expectKind) {
    throw new GraphError('mediaUploadError', `${mimeType} cannot be sent as ${input.expectKind === 'image' || input.expectKind === 'audio' ? 'an' : 'a'} ${input.expectKind}`);
  }
  if (input.size === 0) throw new GraphError('mediaUploadError', 'The file is empty');
  const detected = sniff(input.head);
  const matches = rule.content === 'text' ? detected === undefined : detected !== undefined && rule.content.includes(detected.family);
  if (!matches) {
    throw new GraphError('mediaUploadError', `The file was declared as ${mimeType} but its content is ${describeContent(detected)}`);
  }
  const animated = detected?.animated ?? false;
  const max = maxBytesFor(rule.kind, animated);
  if (input.size > max) {
    const what = rule.kind === 'sticker' ? `${animated ? 'animated' : 'static'} stickers` : `${rule.kind} files`;
    throw new GraphError('mediaUploadError', `The ${mimeType} file is ${input.size} bytes; ${what} may be at most ${human(max)} (${max} bytes)`);
  }
  return { mimeType, kind: rule.kind, animated };
}

// ---- expiry (spec §2) -------------------------------------------------------------------------

export type MediaOrigin = 'upload' | 'inbound';
const DAY = 24 * 3600 * 1000;
/** Uploaded media ids live 30 days; ids in inbound webhooks 7 days. */
export const MEDIA_TTL_MS: Readonly<Record<MediaOrigin, number>> = { upload: 30 * DAY, inbound: 7 * DAY };

export interface Media {
  readonly id: string;
  readonly businessId: BusinessId;
  readonly phoneNumberId: string;
  readonly mimeType: string;
  /** Hex. */
  readonly sha256: string;
  readonly fileSize: number;
  readonly filename: string | null;
  readonly origin: MediaOrigin;
  readonly storageKey: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly deletedAt: number | null;
}

export const isLive = (media: Media, now: number): boolean => media.deletedAt === null && now < media.expiresAt;

/** Inbound webhooks carry the hash in base64 (spec §2, §4.4); the Graph answer in hex. */
export const sha256Base64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

// ---- signed download URLs ---------------------------------------------------------------------

/** Media URLs expire after 5 minutes (spec §2). */
export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;
/** Outside the Graph `/{id}` patterns, and not a version prefix (`/v1` has no minor number). */
export const MEDIA_DOWNLOAD_PATH = '/v1/media/download';

export interface SignedMediaUrl {
  readonly mid: string;
  /** Unix seconds. */
  readonly exp: string;
  readonly sig: string;
}

const signature = (secret: string, mid: string, exp: string): string => createHmac('sha256', secret).update(`${mid}.${exp}`).digest('base64url');

export function signMediaUrl(secret: string, mid: string, now: number): SignedMediaUrl {
  const exp = String(Math.floor((now + MEDIA_URL_TTL_MS) / 1000));
  return { mid, exp, sig: signature(secret, mid, exp) };
}

/** Whether the query of a download URL was signed by this install and is still valid at `now`. */
export function verifyMediaUrl(secret: string, query: Partial<Record<keyof SignedMediaUrl, unknown>>, now: number): query is SignedMediaUrl {
  const { mid, exp, sig } = query;
  if (typeof mid !== 'string' || typeof exp !== 'string' || typeof sig !== 'string') return false;
  if (!/^\d{1,32}$/.test(mid) || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
  const expected = Buffer.from(signature(secret, mid, exp));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return false;
  return now <= Number(exp) * 1000;
}

export function mediaUrl(base: string, signed: SignedMediaUrl): string {
  const query = new URLSearchParams({ mid: signed.mid, exp: signed.exp, sig: signed.sig });
  return `${base.replace(/\/+$/, '')}${MEDIA_DOWNLOAD_PATH}?${query.toString()}`;
}

/** `GET /{media-id}` (spec §2): `file_size` is a string, `sha256` hex. */
export function presentMedia(media: Media, url: string) {
  return { messaging_product: 'whatsapp' as const, url, mime_type: media.mimeType, sha256: media.sha256, file_size: String(media.fileSize), id: media.id };
}
