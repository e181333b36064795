/** `GET /{media-id}`: where a media item can be downloaded, as Meta answers it (spec §2). */
export interface UpstreamMediaInfo {
  readonly id: string;
  readonly url: string;
  readonly mime_type: string;
  readonly sha256: string;
  readonly file_size: number;
  readonly messaging_product: 'whatsapp';
}

import type { Owner } from './owner.js';

/** Media on Meta's side (spec §2): what businesses upload for sends, and what users send them. */
export interface MediaPort {
  /** `POST /{phone-number-id}/media`: the platform keeps the file and names it by an id good for 30 days. */
  upload(input: { phoneNumberId: string; bytes: Buffer; mimeType: string; filename?: string | undefined }): Promise<{ id: string }>;
  /** `GET /{media-id}`; undefined when the platform no longer holds it. */
  getMedia(mediaId: string, owner: Owner): Promise<UpstreamMediaInfo | undefined>;
  /** `GET {url}` with the access token: the file's bytes. */
  download(url: string, owner: Owner): Promise<{ bytes: Buffer; mimeType: string }>;
  /** `DELETE /{media-id}`. */
  deleteMedia(mediaId: string, owner: Owner): Promise<void>;
}
