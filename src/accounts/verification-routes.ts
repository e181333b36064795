import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { currentUser, requireConsole } from './console-auth.js';
import type { BusinessVerification } from './verification.js';

const tags = ['Console: business'];

/** Business verification in the console: submit, and see where it stands. */
export function registerVerificationRoutes(app: FastifyInstance, options: { verification: BusinessVerification }): void {
  const { verification } = options;
  app.get('/business/verification', { schema: { tags, summary: 'The business verification and its status' }, preHandler: requireConsole('numbers.read') }, async (request) =>
    verification.view(currentUser(request).businessId),
  );
  app.post('/business/verification', { schema: { tags, summary: 'Submit the business for verification (legal_name, address, website, documents)' }, preHandler: requireConsole('members.manage') }, async (request) =>
    verification.submit(currentUser(request).businessId, (request.body ?? {}) as Record<string, unknown>),
  );
}
