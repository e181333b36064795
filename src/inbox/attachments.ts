import type { Readable } from 'node:stream';
import type { BusinessId } from '../core/brand.js';
import { GraphError, invalidParameter } from '../core/graph-errors.js';
import type { Media } from '../media/model.js';
import { baseMimeType, kindOfMime } from '../rules/media/kinds.js';
import type { MediaService } from '../media/service.js';
import type { Conversation } from './model.js';

/** What the inbox asks of media (src/media): the same upload checks and storage as `POST /{phone-number-id}/media`. */
export type InboxMediaStore = Pick<MediaService, 'stage' | 'discard' | 'upload' | 'find' | 'read'>;

const MAX_FILENAME = 240;

/**
 * A file an agent attaches, uploaded for the conversation's business number and checked exactly as
 * the Graph upload checks it (type, content, size: spec §2). Answers the id a send names and the
 * message type it fits; any file may also go as a document.
 */
export async function uploadAttachment(
  media: InboxMediaStore,
  input: { businessId: BusinessId; conversation: Conversation; body: Readable; mimeType: string | undefined; filename: string | undefined },
) {
  const filename = input.filename?.trim().slice(0, MAX_FILENAME) || undefined;
  const mimeType = baseMimeType(input.mimeType ?? '');
  if (!mimeType || mimeType === 'application/octet-stream') {
    input.body.resume();
    throw invalidParameter('file: the file has no type WhatsApp takes (JPEG or PNG images, MP4 or 3GPP video, AAC/AMR/MP3/M4A/OGG audio, PDF, Office or text documents)');
  }
  const staged = await media.stage(input.body);
  if (staged.size === 0) {
    await media.discard(staged);
    throw invalidParameter('file: the file is empty');
  }
  const item = await media.upload({ businessId: input.businessId, phoneNumberId: input.conversation.phoneNumberId, mimeType, staged, filename });
  return presentAttachment(item);
}

export const presentAttachment = (item: Media) => ({
  id: item.id,
  mime_type: item.mimeType,
  /** The message type the file goes as: image, video, audio, document or sticker. */
  kind: kindOfMime(item.mimeType) ?? 'document',
  file_size: item.fileSize,
  filename: item.filename,
});

/** A live media item of the conversation's number (uploaded there, or sent by its customer); any other id is not found. */
export async function openAttachment(media: InboxMediaStore, input: { businessId: BusinessId; conversation: Conversation; mediaId: string }) {
  const item = /^\d{1,30}$/.test(input.mediaId) ? await media.find(input.businessId, input.mediaId) : undefined;
  if (!item || item.phoneNumberId !== input.conversation.phoneNumberId) throw new GraphError('objectNotFound', `Media ${input.mediaId} is not in this conversation, or it has expired`);
  return { item, stream: media.read(item) };
}
