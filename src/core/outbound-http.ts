import { Pool } from 'undici';

export interface PostResult {
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly excerpt: string | null;
}

const EXCERPT_BYTES = 1024;

/** Receivers get 10 seconds to answer, unless the caller says otherwise. */
const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Outbound HTTP for webhooks and their handshakes, chatapp's and the standalone simulator's: one
 * undici Pool per destination origin (spec/performance.md: far faster than fetch), a hard timeout,
 * no redirects, and only the first kilobyte of an answer kept.
 */
export class OutboundHttpClient {
  readonly #pools = new Map<string, Pool>();
  readonly #timeoutMs: number;

  constructor(options: { timeoutMs?: number } = {}) {
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 32, headersTimeout: this.#timeoutMs, bodyTimeout: this.#timeoutMs });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  async post(url: string, body: string, headers: Record<string, string>): Promise<PostResult> {
    return this.#send('POST', url, body, headers);
  }

  async get(url: string): Promise<PostResult> {
    return this.#send('GET', url, undefined, {});
  }

  async #send(method: 'GET' | 'POST', target: string, body: string | undefined, headers: Record<string, string>): Promise<PostResult> {
    // Latency is wall time on purpose: it describes the receiver, not the sandbox clock.
    const started = performance.now();
    const url = new URL(target);
    try {
      const response = await this.#pool(url.origin).request({
        method,
        path: `${url.pathname}${url.search}`,
        headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        ...(body === undefined ? {} : { body }),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
      const excerpt = await readExcerpt(response.body);
      return { statusCode: response.statusCode, latencyMs: Math.round(performance.now() - started), error: null, excerpt };
    } catch (error) {
      return { statusCode: null, latencyMs: Math.round(performance.now() - started), error: describe(error), excerpt: null };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((p) => p.close()));
    this.#pools.clear();
  }
}

async function readExcerpt(body: AsyncIterable<Buffer> & { destroy?: () => void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < EXCERPT_BYTES) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8');
}

function describe(error: unknown): string {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return 'timeout';
  return e.code ?? e.message ?? 'request failed';
}
