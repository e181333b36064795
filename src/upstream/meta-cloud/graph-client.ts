import { Agent, FormData, request, type Dispatcher } from 'undici';
import { GraphError, graphErrorFromWire, graphErrors } from '../../core/graph-errors.js';

/** A call of Meta's Graph API: the path after the version (`/123/messages`), with the token to use. */
export interface GraphCall {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly token: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  /** A JSON body; or `form` for a multipart upload. */
  readonly json?: unknown;
  readonly form?: FormData;
}

/**
 * Meta could not be reached, or its answer did not arrive. `reached` tells whether the request may
 * have got to Meta: false when no connection was made (safe to send again), true when it may have
 * been taken (a timeout or a reset after the request left).
 */
export class GraphTransportError extends GraphError {
  constructor(
    readonly reached: boolean,
    cause: string,
  ) {
    super('service', `Meta's Graph API ${reached ? 'did not answer' : 'could not be reached'}: ${cause}`);
  }
}

const JSON_LIMIT = 4 * 1024 * 1024;
/** Meta's largest media (documents, 100 MB, spec §2). */
const MEDIA_LIMIT = 100 * 1024 * 1024;
/** Error codes of undici and the OS that mean no request left: nothing reached Meta. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The Graph API over HTTP: one undici Agent (a keep-alive pool per origin) with hard timeouts, JSON
 * in and out, Meta's error envelope turned into a GraphError with Meta's code, subcode and details.
 */
export class GraphClient {
  readonly #base: string;
  readonly #agent: Agent;
  readonly #timeoutMs: number;
  readonly #onError: (code: number) => void;

  /** `timeoutMs` stays under the dispatch job's 15 s, so a slow answer is a failed attempt, not a lost lease. */
  constructor(options: { graphUrl: string; version: string; timeoutMs?: number; connections?: number; onError?: (code: number) => void }) {
    this.#onError = options.onError ?? (() => undefined);
    this.#base = `${options.graphUrl}/${options.version}`;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#agent = new Agent({
      connections: options.connections ?? 64,
      connectTimeout: Math.min(this.#timeoutMs, 10_000),
      headersTimeout: this.#timeoutMs,
      bodyTimeout: this.#timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  /** The answer's JSON; a GraphError as Meta answered it, or a GraphTransportError. */
  async call<T>(call: GraphCall): Promise<T> {
    const url = new URL(`${this.#base}${call.path}`);
    for (const [key, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(key, value);
    const headers: Record<string, string> = { authorization: `Bearer ${call.token}`, accept: 'application/json' };
    let body: string | FormData | undefined;
    if (call.form) body = call.form;
    else if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      headers['content-type'] = 'application/json';
    }
    const response = await this.#send(url, { method: call.method, headers, ...(body === undefined ? {} : { body }) });
    const text = await readLimited(response.body, JSON_LIMIT);
    let parsed: unknown;
    try {
      parsed = text.length === 0 ? {} : JSON.parse(text.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (response.statusCode >= 200 && response.statusCode < 300 && parsed !== undefined) return parsed as T;
    const error = graphErrorFromWire(response.statusCode, parsed);
    this.#onError(error.entry.code);
    throw error;
  }

  /** A media URL Meta answered (`GET /{media-id}`'s `url`), fetched with the token, as Meta requires. */
  async download(target: string, token: string): Promise<{ bytes: Buffer; mimeType: string }> {
    const response = await this.#send(new URL(target), { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    const bytes = await readLimited(response.body, MEDIA_LIMIT);
    if (response.statusCode !== 200) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      throw graphErrorFromWire(response.statusCode, parsed);
    }
    const type = response.headers['content-type'];
    return { bytes, mimeType: (Array.isArray(type) ? type[0] : type)?.split(';')[0]?.trim() || 'application/octet-stream' };
  }

  async #send(url: URL, options: { method: 'GET' | 'POST' | 'DELETE'; headers: Record<string, string>; body?: string | FormData }): Promise<Dispatcher.ResponseData> {
    try {
      return await request(url, { ...options, dispatcher: this.#agent, signal: AbortSignal.timeout(this.#timeoutMs) });
    } catch (error) {
      const code = errorCode(error);
      throw new GraphTransportError(!NOT_CONNECTED.has(code), code || (error instanceof Error ? error.message : String(error)));
    }
  }

  async close(): Promise<void> {
    await this.#agent.close();
  }
}

function errorCode(error: unknown): string {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timeout';
  }
  return '';
}

async function readLimited(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new GraphError({ ...graphErrors.unknown, httpStatus: 502 }, `Meta's answer is over ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export { FormData };
