import type { FastifyInstance } from 'fastify';
import { graphParams } from '../../../core/graph-request.js';
import { requiredString } from './params.js';
import type { SignupCodes } from './signup-codes.js';

/**
 * `GET /oauth/access_token?client_id&client_secret&code`: Embedded Signup's code traded for a
 * business access token, as a BSP's server does once the popup closes (Meta's "Onboarding
 * customers as a Solution Partner"). The app's id and secret are the credentials; POST, which
 * Graph also takes, reads them from the form.
 */
export function registerOAuthRoutes(graph: FastifyInstance, options: { codes: SignupCodes }): void {
  graph.route({
    method: ['GET', 'POST'],
    url: '/oauth/access_token',
    config: { simulatorCredentials: 'none' },
    schema: { tags: ['Graph'], summary: 'Exchange an Embedded Signup code for a business access token' },
    handler: async (request) => {
      const params = graphParams(request);
      return options.codes.exchange({
        clientId: requiredString(params, 'client_id'),
        clientSecret: requiredString(params, 'client_secret'),
        code: requiredString(params, 'code'),
      });
    },
  });
}
