import { createHash } from 'node:crypto';
import { request } from 'undici';

/** What a fetched file turned out to be; only its first bytes are kept. */
export interface FetchedFile {
  /** The Content-Type header as given ('' when absent). */
  readonly contentType: string;
  readonly size: number;
  /** Hex. */
  readonly sha256: string;
  /** The first `headBytes` bytes, for sniffing the content. */
  readonly head: Buffer;
}

/** Why a URL could not be fetched, as a sentence (it becomes an error's details). */
export class FetchFileError extends Error {
  override name = 'FetchFileError';
}

const MAX_REDIRECTS = 3;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The outbound URL policy for files the server fetches on someone's behalf: http or https only,
 * for the first URL and every redirect. The sandbox fetches any host, loopback included, so tests
 * can serve files; an honest note: nothing here yet refuses private addresses in production.
 */
function httpUrl(value: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    throw new FetchFileError(`the link is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchFileError(`the link must be http or https, not ${url.protocol.replace(':', '')}`);
  return url;
}

/**
 * Fetches a URL as Meta fetches a `link` at dispatch (spec §1.3): the URL policy above, at most 3
 * redirects, one timeout for the whole fetch, and no more than `maxBytes` (told as "`what` may be
 * at most …"). No cookies, no credentials. The bytes are hashed as they stream; only the head is
 * kept, so a 100 MB file costs no 100 MB of memory.
 */
export async function fetchFile(link: string, options: { maxBytes: number; timeoutMs: number; headBytes: number; what: string; userAgent?: string }): Promise<FetchedFile> {
  const { maxBytes, timeoutMs, headBytes, what } = options;
  const signal = AbortSignal.timeout(timeoutMs);
  let url = httpUrl(link);
  for (let hop = 0; ; hop++) {
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(url, {
        method: 'GET',
        signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        headers: { 'user-agent': options.userAgent ?? 'chatapp/1 (file fetch)', accept: '*/*' },
      });
    } catch (error) {
      throw new FetchFileError(describe(error, timeoutMs));
    }
    const { statusCode, headers, body } = response;
    if (REDIRECTS.has(statusCode) && typeof headers.location === 'string') {
      await body.dump().catch(() => undefined);
      if (hop >= MAX_REDIRECTS) throw new FetchFileError(`the link redirected more than ${MAX_REDIRECTS} times`);
      url = httpUrl(headers.location, url);
      continue;
    }
    if (statusCode < 200 || statusCode >= 300) {
      await body.dump().catch(() => undefined);
      throw new FetchFileError(`the link answered HTTP ${statusCode}`);
    }
    const length = Number(headers['content-length']);
    if (Number.isFinite(length) && length > maxBytes) {
      body.destroy();
      throw new FetchFileError(`the file is ${length} bytes; ${what} may be at most ${maxBytes} bytes`);
    }
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) {
          body.destroy();
          throw new FetchFileError(`the file is larger than ${maxBytes} bytes, the most ${what} may be`);
        }
        hash.update(chunk);
        if (head.length < headBytes) head = Buffer.concat([head, chunk.subarray(0, headBytes - head.length)]);
      }
    } catch (error) {
      if (error instanceof FetchFileError) throw error;
      throw new FetchFileError(describe(error, timeoutMs));
    }
    const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : '';
    return { contentType, size, sha256: hash.digest('hex'), head };
  }
}

function describe(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT' || e.code === 'UND_ERR_ABORTED') {
    return `the link did not answer within ${timeoutMs / 1000} s`;
  }
  return `the link could not be fetched (${e.code ?? e.message ?? 'request failed'})`;
}
