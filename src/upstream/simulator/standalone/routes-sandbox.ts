import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { bearerToken } from '../../../core/graph-request.js';
import type { SimulatorApps } from './apps.js';
import { MAX_FAULT_COUNT, MAX_FAULT_SECONDS, type GraphFaults } from './faults.js';
import type { SignupCodes } from './signup-codes.js';

const NewFault = Type.Object(
  {
    status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'the HTTP status to answer (500 when left out)' })),
    code: Type.Optional(Type.Integer({ minimum: 0, description: 'the Graph error code (1 for a 5xx when left out); one of the catalogue’s' })),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_FAULT_COUNT, description: 'how many requests to fault' })),
    seconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: MAX_FAULT_SECONDS, description: 'for how long (wall time) to fault every request' })),
    path: Type.Optional(Type.String({ maxLength: 200, description: 'only Graph paths containing this, version stripped (e.g. /messages)' })),
  },
  { additionalProperties: false },
);

export interface StandaloneSandboxRoutesOptions {
  readonly faults: GraphFaults;
  readonly codes: SignupCodes;
  readonly apps: SimulatorApps;
}

/**
 * The standalone server's own sandbox controls, beside the shared ones (routes.ts) and behind
 * their guard: faults injected into the Graph API, and Embedded Signup's codes. chatapp's embedded
 * simulator has neither: it has no Graph API of Meta's to fault and no code to exchange.
 */
export function registerStandaloneSandboxRoutes(sandbox: FastifyInstance, options: StandaloneSandboxRoutesOptions): void {
  const { faults, codes, apps } = options;
  const tags = ['Simulator'];
  const manage = { sandbox: 'manage' } as const;

  sandbox.post<{ Body: Static<typeof NewFault> }>(
    '/faults',
    { config: manage, schema: { body: NewFault, tags, summary: 'Fault the next Graph requests (or all for a while): an HTTP status and Graph error instead of their effect' } },
    async (request) => faults.add(request.body),
  );
  sandbox.get('/faults', { config: manage, schema: { tags, summary: 'The active faults, what is left of each, and how many requests were faulted' } }, async () => faults.list());
  sandbox.delete('/faults', { config: manage, schema: { tags, summary: 'End every fault' } }, async () => ({ success: true, cleared: faults.clear() }));

  sandbox.post(
    '/signup_codes',
    { config: manage, schema: { tags, summary: 'Finish Embedded Signup for your business: a one-time code, good for 10 minutes, for GET /oauth/access_token' } },
    async (request) => {
      // The guard knows the business only; the code is for the app whose token asks, as Embedded Signup's is for the app hosting it.
      return codes.issue(await apps.authenticate(bearerToken(request)));
    },
  );
}
