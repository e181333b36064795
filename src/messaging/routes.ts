import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { asPhoneNumberId } from '../core/brand.js';
import { authorizeWaba, graphParams, requirePrincipal, resolveNode } from '../http/graph.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import type { DryRun } from './dry-run.js';
import type { MessagingService } from './service.js';

/** `POST /{phone-number-id}/messages`: every message type, mark-as-read and typing (spec §1). */
export function registerMessagingRoutes(app: FastifyInstance, options: { store: Store; numbers: NumbersService; messaging: MessagingService; dryRun: DryRun }): void {
  const { store, numbers, messaging, dryRun } = options;
  app.post(
    '/:id(^\\d+$)/messages',
    {
      schema: {
        tags: ['Graph: messages'],
        summary: 'Send a message, or mark one read (with an optional typing indicator)',
        description:
          'Cloud API compatible. chatapp extensions: an `Idempotency-Key` header returns the first answer again for a repeat within 24 hours; ' +
          '`?dry_run=true` checks and decides without sending: would it go out now and why not, its window, category and price.',
        params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
      },
    },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      await resolveNode(store, principal, id, 'phone_number', 'post');
      const number = await numbers.getPhoneNumber(principal.businessId, asPhoneNumberId(id));
      authorizeWaba(principal, number.wabaId, 'whatsapp_business_messaging');
      const { dry_run: dry, ...body } = graphParams(request);
      if (dry === true || dry === 'true') return dryRun.run({ businessId: principal.businessId, number, body });
      const key = request.headers['idempotency-key'];
      return messaging.send({
        businessId: principal.businessId,
        number,
        body,
        ...(typeof key === 'string' ? { idempotencyKey: key } : {}),
      });
    },
  );
}
