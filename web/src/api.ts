/**
 * The console's one door to the server: same-origin fetch with the session cookie, the CSRF header
 * on every change, and Graph errors turned into `ApiError`s a form can show next to its field.
 */

export interface GraphErrorBody {
  error?: { message?: string; code?: number; error_subcode?: number; error_data?: { details?: string }; fbtrace_id?: string };
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | undefined,
    /** What the server said was wrong, in words (Graph's `error_data.details`, else `message`). */
    readonly details: string,
  ) {
    super(details);
  }

  /** The form field the server blamed: the first of `fields` its words name (`body/name must…`, `from: …`). */
  fieldAmong(fields: readonly string[]): string | undefined {
    let best: { field: string; at: number } | undefined;
    for (const field of fields) {
      const at = this.details.search(new RegExp(`(^|[^a-z_])${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z_]|$)`, 'i'));
      if (at >= 0 && (!best || at < best.at)) best = { field, at };
    }
    return best?.field;
  }
}

let csrfToken = '';
let onExpired: (() => void) | undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

/** Called when a signed-in request is answered 401: the session has expired or was signed out elsewhere. */
export function onSessionExpired(handler: (() => void) | undefined): void {
  onExpired = handler;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export async function request<T>(method: Method, path: string, body?: unknown, options: { signIn?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  // A file (a Blob) goes as its own bytes; anything else as JSON.
  const raw = body instanceof Blob;
  if (body !== undefined) headers['content-type'] = raw ? body.type || 'application/octet-stream' : 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}) });
  } catch {
    throw new ApiError(0, undefined, 'The server cannot be reached. Is chatapp running?');
  }
  const text = await res.text();
  const json = text ? safeJson(text) : undefined;
  if (res.ok) return json as T;
  const error = (json as GraphErrorBody | undefined)?.error;
  const details = error?.error_data?.details || error?.message || `${res.status} ${res.statusText}`;
  // A console call answered 401 means the session is gone; signing in answers 401 for a wrong password.
  if (res.status === 401 && !options.signIn && path.startsWith('/console/api')) onExpired?.();
  throw new ApiError(res.status, error?.code, details);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A message for any thrown value. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
