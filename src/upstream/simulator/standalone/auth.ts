import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphError } from '../../../core/graph-errors.js';
import { bearerToken } from '../../../core/graph-request.js';
import { graphVersionOf } from '../../../core/graph-version.js';
import type { SandboxGuard } from '../guard.js';
import type { Caller, SimulatorApps } from './apps.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The credentials a standalone Graph route takes: a business's access token (the default), or
     * `app`, the app access token `{app-id}|{app-secret}` of the app named by the path's `:id`, or
     * `none` for a call whose parameters are its credentials (`/oauth/access_token`).
     */
    simulatorCredentials?: 'token' | 'app' | 'none';
  }
  interface FastifyRequest {
    simulatorCaller: Caller | null;
    /** The Graph version the request asked for (the latest for an unversioned path). */
    simulatorGraphVersion: number;
  }
}

/**
 * The standalone Graph API's credentials, as graph.facebook.com takes them: a version Meta still
 * serves (else 2500), then the access token from `Authorization: Bearer|OAuth` or `access_token`
 * (else 190, HTTP 401). Checked after the body is read, as `access_token` may be a form field.
 */
export function registerGraphAuth(app: FastifyInstance, apps: SimulatorApps): void {
  app.decorateRequest('simulatorCaller', null);
  app.decorateRequest('simulatorGraphVersion', 0);
  app.addHook('onRequest', async (request) => {
    const version = graphVersionOf(request.raw);
    if (!version.ok) throw new GraphError('unknownPath', `Graph API version ${version.requested} is not supported; use v17.0 to v25.0`);
    request.simulatorGraphVersion = version.version;
  });
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.simulatorCredentials === 'none') return;
    if (request.routeOptions.config.simulatorCredentials === 'app') {
      const found = await apps.authenticateApp(bearerToken(request), (request.params as { id?: string }).id ?? '');
      request.simulatorCaller = { businessId: found.businessId, appId: found.id };
      return;
    }
    request.simulatorCaller = await apps.authenticate(bearerToken(request));
  });
}

export function callerOf(request: FastifyRequest): Caller {
  if (!request.simulatorCaller) throw new GraphError('invalidToken', 'An access token is required to request this resource.');
  return request.simulatorCaller;
}

/**
 * The sandbox's guard (`/simulator/…`) for the standalone server: a business's access token, the
 * one `chatapp simulator seed` prints, allows everything on that business's own sandbox. Read
 * before the body, so from the header or the query string.
 */
export function standaloneSandboxGuard(apps: SimulatorApps): SandboxGuard {
  return async (request) => {
    const { businessId } = await apps.authenticate(bearerToken(request));
    return { businessId, may: () => true };
  };
}
