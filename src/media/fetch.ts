import { createHash } from 'node:crypto';
import { request } from 'undici';
import { GraphError } from '../core/graph-errors.js';
import { baseMimeType, checkMedia, maxBytesFor, mediaTypes, type MediaKind } from './model.js';
import { sniff, SNIFF_BYTES } from './sniff.js';

/** What a file fetched from a `link` turned out to be, checked against spec §2 (the bytes are not kept). */
export interface FetchedMedia {
  readonly mimeType: string;
  readonly size: number;
  /** Hex. */
  readonly sha256: string;
  readonly animated: boolean;
}

/** Why a `link` could not be used; the message fails with 131053 and this as its details. */
export class MediaFetchError extends Error {
  override name = 'MediaFetchError';
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Types that say nothing about the content: the bytes decide. */
const UNTYPED = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/binary']);

function httpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new MediaFetchError(`the link is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new MediaFetchError(`the link must be http or https, not ${url.protocol.replace(':', '')}`);
  return url;
}

/**
 * Fetches a `link` as Meta does at dispatch: http or https only (redirects too, at most 3), a
 * timeout for the whole fetch, and no more bytes than the message kind allows (a sticker is capped
 * at the animated limit until its content says it is static). No cookies, no credentials. The
 * sandbox fetches any host, loopback included, so tests can serve files; this is the simulator of
 * Meta's fetcher, never a proxy businesses can aim at chatapp's own network in production.
 */
export async function fetchMedia(link: string, options: { kind: MediaKind; timeoutMs: number }): Promise<FetchedMedia> {
  const { kind, timeoutMs } = options;
  const cap = maxBytesFor(kind, true);
  const signal = AbortSignal.timeout(timeoutMs);
  let url = httpUrl(link);
  for (let hop = 0; ; hop++) {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, { method: 'GET', signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, headers: { 'user-agent': 'chatapp-simulator/1 (WhatsApp media fetch)', accept: '*/*' } });
    } catch (error) {
      throw new MediaFetchError(describe(error, timeoutMs));
    }
    const { statusCode, headers, body } = response;
    if (REDIRECTS.has(statusCode) && typeof headers.location === 'string') {
      await body.dump().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new MediaFetchError(`the link redirected more than ${MAX_REDIRECTS} times`);
      url = httpUrl(headers.location, url);
      continue;
    }
    if (statusCode < 200 || statusCode >= 300) {
      await body.dump().catch(() => undefined);
      throw new MediaFetchError(`the link answered HTTP ${statusCode}`);
    }
    const length = Number(headers['content-length']);
    if (Number.isFinite(length) && length > cap) {
      body.destroy();
      throw new MediaFetchError(`the file is ${length} bytes; ${kind} media may be at most ${cap} bytes`);
    }
    // Hashed as it streams; only the first bytes are kept, for sniffing.
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > cap) {
          body.destroy();
          throw new MediaFetchError(`the file is larger than ${cap} bytes, the most ${kind} media may be`);
        }
        hash.update(chunk);
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
      }
    } catch (error) {
      if (error instanceof MediaFetchError) throw error;
      throw new MediaFetchError(describe(error, timeoutMs));
    }
    const contentType = baseMimeType(typeof headers['content-type'] === 'string' ? headers['content-type'] : '');
    const declared = UNTYPED.has(contentType) ? (sniff(head)?.mime ?? contentType) : contentType;
    if (!mediaTypes[declared]) throw new MediaFetchError(`the link's content is ${declared || 'of no stated type'}, which is not a supported media type`);
    try {
      const facts = checkMedia({ declared, size, head, expectKind: kind });
      return { mimeType: facts.mimeType, size, sha256: hash.digest('hex'), animated: facts.animated };
    } catch (error) {
      if (error instanceof GraphError) throw new MediaFetchError(error.details);
      throw error;
    }
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT' || e.code === 'UND_ERR_ABORTED') {
    return `the link did not answer within ${timeoutMs / 1000} s`;
  }
  return `the link could not be fetched (${e.code ?? e.message ?? 'request failed'})`;
}
