import type { FastifyRequest } from 'fastify';
import { GraphError } from './graph-errors.js';

/** Graph parameters come from the query string, a JSON body or a form body alike; the body wins. */
export function graphParams(request: FastifyRequest): Record<string, unknown> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const body = request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body) ? (request.body as Record<string, unknown>) : {};
  return { ...query, ...body };
}

/** The access token of a request as Graph takes it: `Authorization: Bearer|OAuth <token>`, else `access_token` in the query or body. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    // Graph takes `OAuth <token>` as well as `Bearer <token>`; Meta's upload guide uses the former.
    const match = /^(?:Bearer|OAuth)\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new GraphError('invalidToken', 'The Authorization header must be "Bearer <access token>" (or "OAuth <access token>")');
    return match[1];
  }
  const fromParams = graphParams(request).access_token;
  return typeof fromParams === 'string' ? fromParams : undefined;
}

/** Masks credentials in a URL before it is logged: Graph takes tokens, and `/oauth/access_token` an app secret and a code, in the query string. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:access_token|client_secret|code)=)[^&]*/g, '$1[redacted]');
}
