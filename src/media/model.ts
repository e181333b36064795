import type { BusinessId } from '../core/brand.js';
import { signLink, verifyLink, type SignedLink } from '../core/signed-link.js';
import { MEDIA_URL_TTL_MS } from '../rules/media/kinds.js';

/**
 * chatapp's own record of media (spec §2): a copy of every file its businesses upload (handed to
 * the upstream too, whose id names it) and of every file their users send (fetched through the
 * upstream). The platform's rules about media (types, sizes, lifetimes) are in src/rules/media.
 */

/** 'upload': a business uploaded it; 'inbound': a user sent it. */
export type MediaOrigin = 'upload' | 'inbound';

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

// ---- signed download URLs ---------------------------------------------------------------------

/** Outside the Graph `/{id}` patterns, and not a version prefix (`/v1` has no minor number). */
export const MEDIA_DOWNLOAD_PATH = '/v1/media/download';

export type SignedMediaUrl = SignedLink;

/** A download URL's query for media `mid`, valid for 5 minutes from `now` (spec §2). */
export const signMediaUrl = (secret: string, mid: string, now: number): SignedMediaUrl => signLink(secret, mid, now + MEDIA_URL_TTL_MS);

/** Whether the query of a download URL was signed by this install and is still valid at `now`. */
export const verifyMediaUrl = (secret: string, query: Partial<Record<keyof SignedMediaUrl, unknown>>, now: number): query is SignedMediaUrl => verifyLink(secret, query, now);

export function mediaUrl(base: string, signed: SignedMediaUrl): string {
  const query = new URLSearchParams({ mid: signed.mid, exp: signed.exp, sig: signed.sig });
  return `${base.replace(/\/+$/, '')}${MEDIA_DOWNLOAD_PATH}?${query.toString()}`;
}

/** `GET /{media-id}` (spec §2): `file_size` is a string, `sha256` hex. */
export function presentMedia(media: Media, url: string) {
  return { messaging_product: 'whatsapp' as const, url, mime_type: media.mimeType, sha256: media.sha256, file_size: String(media.fileSize), id: media.id };
}
