import { GraphError, invalidParameter } from '../../core/graph-errors.js';
import { humanSize, maxBytesFor, sha256Base64, type MediaKind } from '../../rules/media/kinds.js';
import { sampleFile } from '../../rules/media/samples.js';
import type { SimulatedMedia } from './media.js';

/**
 * A file a user sends: their bytes (`data_base64`, with `mime_type` and a document's `filename`)
 * or, given none, a small sample of a fitting type. The platform keeps it for 7 days in its own
 * store (media.ts) and the webhook names it as Meta's does (spec §4.4): id, mime_type, base64
 * sha256, caption, filename.
 */
export async function userMedia(options: {
  media: Pick<SimulatedMedia, 'receiveFromUser'>;
  number: { readonly id: string; readonly businessId: string };
  kind: MediaKind;
  given: Record<string, unknown>;
}): Promise<Record<string, unknown>> {
  const { number, kind, given } = options;
  const at = `message.${kind}`;
  const text = (key: string, max: number): string | undefined => {
    const value = given[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.length > max) throw invalidParameter(`${at}.${key} must be a string of at most ${max} characters`);
    return value;
  };
  const caption = text('caption', 1024);
  if (caption !== undefined && !['image', 'video', 'document'].includes(kind)) throw invalidParameter(`${at}.caption is not supported on ${kind} messages`);
  const filename = kind === 'document' ? text('filename', 240) : undefined;
  const mimeType = text('mime_type', 255);
  const data = given.data_base64;
  let file: { bytes: Buffer; mimeType?: string | undefined; filename?: string | undefined };
  if (data !== undefined) {
    // The padding and what follows it are matched apart from the body: an expression where both may
    // take whitespace backtracks quadratically, and a 24 MB body of spaces would hold the server for days.
    if (typeof data !== 'string' || !/^[A-Za-z0-9+/_\-\s]*(?:=\s*){0,2}$/.test(data)) throw invalidParameter(`${at}.data_base64 must be base64`);
    const bytes = Buffer.from(data, 'base64');
    // Meta's limit for the kind (spec §2), before the content is looked at: an oversized file is told
    // so whatever it holds. A sticker is held to the animated limit here, the static one once sniffed.
    const max = maxBytesFor(kind, true);
    if (bytes.length > max) throw new GraphError('mediaUploadError', `${at}: the file is ${bytes.length} bytes; a user's ${kind} may be at most ${humanSize(max)} (${max} bytes), as on WhatsApp`);
    file = { bytes, mimeType };
  } else {
    const sample = sampleFile(kind, mimeType);
    if (!sample) throw invalidParameter(`${at}.mime_type: the simulator has no sample ${mimeType} file; send its bytes in data_base64`);
    file = sample;
  }
  const { media, animated } = await options.media.receiveFromUser({
    businessId: number.businessId,
    phoneNumberId: number.id,
    kind,
    bytes: file.bytes,
    mimeType: file.mimeType,
    filename: filename ?? file.filename,
  });
  return {
    ...(caption ? { caption } : {}),
    ...(kind === 'document' ? { filename: media.filename ?? 'file' } : {}),
    mime_type: media.mimeType,
    sha256: sha256Base64(media.sha256),
    id: media.id,
    ...(kind === 'audio' && typeof given.voice === 'boolean' ? { voice: given.voice } : {}),
    ...(kind === 'sticker' ? { animated } : {}),
  };
}
