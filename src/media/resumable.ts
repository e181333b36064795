import { randomBytes } from 'node:crypto';
import type { BusinessId } from '../core/brand.js';
import { GraphError, invalidParameter } from '../core/graph-errors.js';
import { baseMimeType, MAX_MEDIA_BYTES } from '../rules/media/kinds.js';

/**
 * Meta's Resumable Upload API (graph-api/guides/upload): an app opens a session for one file with
 * `POST /{app-id}/uploads?file_name&file_length&file_type` → `{"id":"upload:<session>"}`, sends
 * the bytes with `POST /upload:<session>` and a `file_offset` header, and gets a handle `{"h"}`
 * back once the file is whole. `GET /upload:<session>` tells how far an interrupted upload got.
 * Template media examples (`header_handle`) and profile pictures name files by that handle.
 */

/** The types the guide lists; `image/jpg` is its spelling of JPEG. */
export const uploadTypes = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'] as const;

const DAY = 24 * 3600 * 1000;
/** Meta does not publish how long a session or a handle lives; chatapp keeps both 30 days, like uploaded media. */
export const UPLOAD_TTL_MS = 30 * DAY;

export interface UploadSession {
  readonly id: string;
  readonly businessId: BusinessId;
  readonly appId: string;
  readonly fileName: string;
  /** Normalised: `image/jpg` is kept as `image/jpeg`. */
  readonly fileType: string;
  readonly fileLength: number;
  readonly fileOffset: number;
  readonly sha256: string | null;
  readonly handle: string | null;
  readonly publicKey: string;
  readonly createdAt: number;
  readonly completedAt: number | null;
  readonly expiresAt: number;
}

/** A session whose file is whole: what a handle names. */
export type CompletedUpload = UploadSession & { readonly handle: string; readonly sha256: string };

export const isComplete = (s: UploadSession): s is CompletedUpload => s.handle !== null && s.sha256 !== null;

/** Checks `POST /{app-id}/uploads`'s parameters, each refused with code 100 naming it. */
export function parseSessionRequest(params: Record<string, unknown>): { fileName: string; fileType: string; fileLength: number } {
  const fileName = params.file_name;
  if (typeof fileName !== 'string' || fileName.trim() === '') throw invalidParameter('file_name: is required');
  if ([...fileName].length > 255 || /[\\/\x00-\x1f]/.test(fileName)) throw invalidParameter('file_name: must be a file name of at most 255 characters, without slashes or control characters');
  const lengthText = typeof params.file_length === 'number' ? String(params.file_length) : params.file_length;
  if (typeof lengthText !== 'string' || !/^\d{1,12}$/.test(lengthText)) throw invalidParameter('file_length: is required, the file size in bytes');
  const fileLength = Number(lengthText);
  if (fileLength < 1 || fileLength > MAX_MEDIA_BYTES) throw invalidParameter(`file_length: must be between 1 and ${MAX_MEDIA_BYTES} bytes`);
  const type = typeof params.file_type === 'string' ? baseMimeType(params.file_type) : '';
  if (!(uploadTypes as readonly string[]).includes(type)) throw invalidParameter(`file_type: must be one of ${uploadTypes.join(', ')}`);
  return { fileName, fileType: type === 'image/jpg' ? 'image/jpeg' : type, fileLength };
}

/** The `file_offset` header of a chunk: where its bytes go, which must be where the session stands. */
export function parseOffset(header: unknown, session: UploadSession): number {
  const text = Array.isArray(header) ? header[0] : header;
  if (typeof text !== 'string' || !/^\d{1,12}$/.test(text.trim())) throw invalidParameter('file_offset: the header is required, the byte position this chunk starts at (0 for the first)');
  const offset = Number(text.trim());
  if (offset !== session.fileOffset) {
    throw invalidParameter(`file_offset: the upload has ${session.fileOffset} of ${session.fileLength} bytes; send the rest from file_offset ${session.fileOffset}`);
  }
  return offset;
}

export const sessionPath = (id: string): string => `upload:${id}`;

/** A handle shaped like Meta's (`4::<base64 type>:<opaque>:e:<expiry>:<app id>`), its opaque part random. */
export function newHandle(input: { fileType: string; expiresAt: number; appId: string }): string {
  const type = Buffer.from(input.fileType).toString('base64');
  return `4::${type}:${randomBytes(24).toString('base64url')}:e:${Math.floor(input.expiresAt / 1000)}:${input.appId}`;
}

export const newPublicKey = (): string => randomBytes(24).toString('base64url');

/** What a chunk answers: the handle once the file is whole, else where the upload stands (as `GET /upload:<id>` does). */
export function presentProgress(s: UploadSession): { h: string } | { id: string; file_offset: number } {
  return isComplete(s) ? { h: s.handle } : { id: sessionPath(s.id), file_offset: s.fileOffset };
}

/**
 * A handle named where a file of one of `accept` is wanted (a template's media example, a profile
 * picture): refused with code 100 naming `field` when it is unknown to the business, expired, not
 * whole or of another type.
 */
export function checkHandleUse(input: { upload: UploadSession | undefined; now: number; accept: readonly string[]; field: string }): CompletedUpload {
  const { upload, field } = input;
  if (!upload || !isComplete(upload) || upload.expiresAt <= input.now) {
    throw new GraphError('invalidParameter', `${field}: not a handle of a finished upload of this business; upload the file with the Resumable Upload API (POST /{app-id}/uploads) and use the "h" it answers`);
  }
  if (!input.accept.includes(upload.fileType)) throw invalidParameter(`${field}: the uploaded file is ${upload.fileType}; this needs ${input.accept.join(' or ')}`);
  return upload;
}
