import type {} from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { CSRF_HEADER, SESSION_COOKIE } from '../accounts/console-auth.js';
import { roleAllows, type ConsoleUser, type Principal } from '../accounts/model.js';
import type { AccountsService } from '../accounts/service.js';
import { GraphError } from '../core/graph-errors.js';
import type { SandboxAction, SandboxCaller, SandboxGuard } from '../upstream/simulator/guard.js';
import { bearerToken } from './graph.js';

/**
 * chatapp's credentials for its sandbox (`/simulator/…`): a business's access token, taken exactly
 * as the Graph API takes it, or a console session of one of its members (cookie, and the CSRF
 * header on any change). A token wins when both come. The guard runs before the body is read, so a
 * token is looked for in the header and the query string only.
 *
 * | action | token | console role |
 * |---|---|---|
 * | read | any valid token | any member |
 * | act (as a simulated user) | whatsapp_business_messaging or _management | Admin, Advertiser (messages.send) |
 * | manage (clock, throughput, messaging limit) | whatsapp_business_management | Admin (sandbox.manage) |
 */
export function sandboxGuard(accounts: AccountsService): SandboxGuard {
  return async (request) => {
    const token = bearerToken(request);
    if (token !== undefined) return tokenCaller(await accounts.authenticate(token));
    const sessionId = request.cookies[SESSION_COOKIE];
    const user = sessionId ? await accounts.sessionUser(sessionId) : undefined;
    if (!user) throw new GraphError('invalidToken', 'An access token (Authorization: Bearer) or a console session is required to use the sandbox.');
    checkCsrf(request, user);
    return sessionCaller(user);
  };
}

function tokenCaller(principal: Principal): SandboxCaller {
  const may = (action: SandboxAction): boolean => {
    switch (action) {
      case 'read':
        return true;
      case 'act':
        return principal.scopes.has('whatsapp_business_messaging') || principal.scopes.has('whatsapp_business_management');
      case 'manage':
        return principal.scopes.has('whatsapp_business_management');
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  };
  return { businessId: principal.businessId, may };
}

function sessionCaller(user: ConsoleUser): SandboxCaller {
  const may = (action: SandboxAction): boolean => {
    switch (action) {
      case 'read':
        return true;
      case 'act':
        return roleAllows(user.role, 'messages.send');
      case 'manage':
        return roleAllows(user.role, 'sandbox.manage');
      default: {
        const unreachable: never = action;
        return unreachable;
      }
    }
  };
  return { businessId: user.businessId, may };
}

/** As every console route: a change must echo the session's CSRF token, which a cross-site form cannot. */
function checkCsrf(request: FastifyRequest, user: ConsoleUser): void {
  if (!['GET', 'HEAD'].includes(request.method) && request.headers[CSRF_HEADER] !== user.csrfToken) {
    throw new GraphError('permissionsError', `Missing or wrong ${CSRF_HEADER} header`);
  }
}
