import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphError } from '../core/graph-errors.js';
import { roleAllows, type ConsoleAction, type ConsoleUser } from './model.js';
import type { AccountsService } from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member of a console request. */
    consoleUser: ConsoleUser | null;
  }
}

export const SESSION_COOKIE = 'chatapp_session';
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Console sessions: an httpOnly, SameSite=Strict cookie carries the session id; every request that
 * changes something must also echo the session's CSRF token in a header, which a cross-site form
 * or image cannot do.
 */
export function registerConsoleAuth(app: FastifyInstance, accounts: AccountsService): void {
  app.decorateRequest('consoleUser', null);
  app.addHook('preHandler', async (request) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    request.consoleUser = sessionId ? ((await accounts.sessionUser(sessionId)) ?? null) : null;
  });
}

/** Route guard: signed in, CSRF-checked for changes, and the role allows `action`. */
export function requireConsole(action?: ConsoleAction) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = request.consoleUser;
    if (!user) throw new GraphError('invalidToken', 'Sign in to the console first');
    if (!['GET', 'HEAD'].includes(request.method) && request.headers[CSRF_HEADER] !== user.csrfToken) {
      throw new GraphError('permissionsError', `Missing or wrong ${CSRF_HEADER} header`);
    }
    if (action && !roleAllows(user.role, action)) {
      throw new GraphError('permissionsError', `Your role (${user.role}) does not allow ${action}`);
    }
  };
}

export function currentUser(request: FastifyRequest): ConsoleUser {
  if (!request.consoleUser) throw new GraphError('invalidToken', 'Sign in to the console first');
  return request.consoleUser;
}

export function setSessionCookie(reply: FastifyReply, sessionId: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: 7 * 24 * 3600 });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
