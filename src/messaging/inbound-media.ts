import { Type } from '@sinclair/typebox';
import { isMediaKind } from '../rules/media/kinds.js';
import { defineJob } from '../store/queue.js';

/**
 * An inbound message whose file the upstream could not hand over when it arrived. The message is
 * stored at once (it is never lost, and the inbox shows it); this job fetches the file, retried
 * with backoff, and only then publishes the webhook, so the id the business reads answers
 * `GET /{media-id}`. After the last attempt the webhook goes out without the file: the business
 * learns of the message, and its `GET /{media-id}` answers not found, as Meta's does for a file it
 * no longer holds. About 20 minutes of tries in all.
 */
export const fetchInboundMedia = defineJob({
  kind: 'message.inbound_media',
  payload: Type.Object({ messageId: Type.String(), value: Type.Record(Type.String(), Type.Unknown()) }),
  maxAttempts: 12,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  timeoutMs: 60_000,
});

/** The file an inbound message names (spec §4.4): its media id, and a document's filename. */
export function inboundFileOf(entry: { readonly type: string; readonly [key: string]: unknown }): { id: string; filename?: string } | undefined {
  if (!isMediaKind(entry.type)) return undefined;
  const media = entry[entry.type] as { id?: unknown; filename?: unknown } | undefined;
  if (typeof media?.id !== 'string') return undefined;
  return { id: media.id, ...(typeof media.filename === 'string' ? { filename: media.filename } : {}) };
}
