import { Blob } from 'node:buffer';
import { GraphError } from '../../core/graph-errors.js';
import type { MediaPort, UpstreamMediaInfo } from '../port/media.js';
import type { Owner } from '../types.js';
import { FormData, type GraphClient } from './graph-client.js';
import type { MetaLinks } from './links.js';

/** Media at Meta (spec §2): uploads for sends, and the files users send, fetched with the token. */
export class MetaMedia implements MediaPort {
  readonly #o: { graph: GraphClient; links: MetaLinks };

  constructor(options: { graph: GraphClient; links: MetaLinks }) {
    this.#o = options;
  }

  async upload(input: { phoneNumberId: string; bytes: Buffer; mimeType: string; filename?: string | undefined }): Promise<{ id: string }> {
    const token = await this.#o.links.token({ phoneNumberId: input.phoneNumberId });
    const form = new FormData();
    form.set('messaging_product', 'whatsapp');
    form.set('type', input.mimeType);
    form.set('file', new Blob([input.bytes], { type: input.mimeType }), input.filename ?? 'file');
    const answer = await this.#o.graph.call<{ id?: unknown }>({ method: 'POST', path: `/${input.phoneNumberId}/media`, token, form });
    if (typeof answer.id !== 'string') throw new GraphError('unknown', 'Meta answered an upload without a media id');
    return { id: answer.id };
  }

  async getMedia(mediaId: string, owner: Owner): Promise<UpstreamMediaInfo | undefined> {
    const token = await this.#o.links.token(owner);
    const answer = await notFoundAsUndefined(this.#o.graph.call<Record<string, unknown>>({ method: 'GET', path: `/${mediaId}`, token }));
    if (!answer) return undefined;
    return {
      id: String(answer.id ?? mediaId),
      url: String(answer.url),
      mime_type: String(answer.mime_type),
      sha256: String(answer.sha256),
      file_size: Number(answer.file_size),
      messaging_product: 'whatsapp',
    };
  }

  async download(url: string, owner: Owner): Promise<{ bytes: Buffer; mimeType: string }> {
    return this.#o.graph.download(url, await this.#o.links.token(owner));
  }

  async deleteMedia(mediaId: string, owner: Owner): Promise<void> {
    await this.#o.graph.call({ method: 'DELETE', path: `/${mediaId}`, token: await this.#o.links.token(owner) });
  }
}

/** Meta's "does not exist" (100 with subcode 33, or HTTP 404) as undefined; any other error stands. */
export async function notFoundAsUndefined<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof GraphError && (error.entry.subcode === 33 || error.httpStatus === 404)) return undefined;
    throw error;
  }
}
