import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphError } from '../../core/graph-errors.js';

/**
 * What a `/simulator/…` route does, for the guard to allow or refuse: `read` what the sandbox
 * shows, `act` as a simulated user (write, read, tap, block, report, create users), `manage` the
 * sandbox itself (move the clock, set a number's throughput or a portfolio's messaging limit).
 */
export type SandboxAction = 'read' | 'act' | 'manage';

/** Who calls the sandbox: a business, and what its credentials allow. */
export interface SandboxCaller {
  readonly businessId: string;
  may(action: SandboxAction): boolean;
}

/**
 * Turns a request's credentials into its caller, or throws the Graph error for missing or invalid
 * ones (190, HTTP 401). The host provides it: chatapp's tokens and console sessions, or a
 * standalone simulator's own; the simulator knows neither.
 */
export type SandboxGuard = (request: FastifyRequest) => Promise<SandboxCaller>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What a sandbox route does; a route that does not say is treated as `manage`, the strictest. */
    sandbox?: SandboxAction;
  }
  interface FastifyRequest {
    sandboxCaller: SandboxCaller | null;
  }
}

const refusals: Record<SandboxAction, string> = {
  read: 'These credentials cannot read the sandbox',
  act: 'These credentials may read the sandbox but not act as its users (send, read, tap, block, report, create users)',
  manage: 'These credentials may not move the sandbox clock or set a number’s throughput or a portfolio’s messaging limit',
};

/**
 * Every route of the plugin: credentials before anything else, the body included (a stranger's
 * 24 MB upload is refused unread), then, once the input is valid, the route's action.
 */
export function guardSandbox(app: FastifyInstance, authorize: SandboxGuard): void {
  app.decorateRequest('sandboxCaller', null);
  app.addHook('onRequest', async (request) => {
    request.sandboxCaller = await authorize(request);
  });
  app.addHook('preHandler', async (request) => {
    const action = request.routeOptions.config.sandbox ?? 'manage';
    if (!callerOf(request).may(action)) throw new GraphError('permissionDenied', refusals[action]);
  });
}

export function callerOf(request: FastifyRequest): SandboxCaller {
  if (!request.sandboxCaller) throw new GraphError('invalidToken', 'An access token is required to request this resource.');
  return request.sandboxCaller;
}
