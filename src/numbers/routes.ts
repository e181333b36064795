import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { AccountsService } from '../accounts/service.js';
import { asBusinessId, asPhoneNumberId, asWabaId } from '../core/brand.js';
import { objectNotFound } from '../core/graph-errors.js';
import { parsePageRequest } from '../core/paging.js';
import { selectFields } from '../http/fields.js';
import { authorizeWaba, graphParams, presentPage, requirePrincipal, requireScope, resolveNode, type GraphNodes } from '../http/graph.js';
import type { Store } from '../store/database.js';
import {
  businessDefaultFields,
  phoneNumberDefaultFields,
  presentBusiness,
  presentPhoneNumber,
  presentWaba,
  wabaDefaultFields,
} from './model.js';
import type { NumbersService } from './service.js';

export interface NumbersRoutesOptions {
  readonly store: Store;
  readonly nodes: GraphNodes;
  readonly numbers: NumbersService;
  readonly accounts: AccountsService;
  readonly publicUrl: string | undefined;
}

const idParam = {
  type: 'object',
  properties: { id: { type: 'string', description: 'A Graph object id' } },
  required: ['id'],
} as const;

/** Graph reads of business portfolios, WABAs and phone numbers (spec §8.1, §8.3). */
export function registerNumbersRoutes(app: FastifyInstance, options: NumbersRoutesOptions): void {
  const { store, nodes, numbers, accounts, publicUrl } = options;

  nodes.register('waba', {
    get: async (ctx) => {
      const { principal, object } = ctx;
      authorizeWaba(principal, object.id, 'whatsapp_business_management');
      // Fields other capabilities registered (analytics, spec §8.4) are answered by them.
      return nodes.resolveFields(ctx, async (requested) => {
        const waba = await numbers.getWaba(principal.businessId, asWabaId(object.id));
        const [business, own] = await Promise.all([accounts.getBusiness(principal.businessId), numbers.listPhoneNumbers(principal.businessId)]);
        const wabaNumbers = own.filter((n) => n.wabaId === waba.id);
        return selectFields(presentWaba(waba, { verificationStatus: business?.verificationStatus ?? 'not_verified' }, wabaNumbers), {
          requested,
          defaults: wabaDefaultFields,
          nodeType: 'WhatsAppBusinessAccount',
        });
      });
    },
  });

  nodes.register('phone_number', {
    get: async ({ request, principal, object, params }) => {
      const number = await numbers.getPhoneNumber(principal.businessId, asPhoneNumberId(object.id));
      authorizeWaba(principal, number.wabaId, 'whatsapp_business_management');
      return selectFields(presentPhoneNumber(number, request.graphVersion), {
        requested: params.fields,
        defaults: phoneNumberDefaultFields,
        nodeType: 'WhatsAppBusinessPhoneNumber',
      });
    },
  });

  nodes.register('business', {
    get: async ({ principal, object, params }) => {
      const business = await accounts.getBusiness(principal.businessId);
      if (!business) throw objectNotFound(object.id);
      return selectFields(presentBusiness(business), { requested: params.fields, defaults: businessDefaultFields, nodeType: 'Business' });
    },
  });

  app.get('/:id(^\\d+$)/phone_numbers', { schema: { params: idParam, tags: ['Graph: phone numbers'], summary: 'Phone numbers of a WABA' } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'waba');
    authorizeWaba(principal, id, 'whatsapp_business_management');
    const params = graphParams(request);
    const pageRequest = parsePageRequest(params);
    const page = await numbers.pagePhoneNumbers(principal.businessId, asWabaId(id), pageRequest);
    return presentPage(request, {
      page,
      pageRequest,
      publicUrl,
      present: (n) =>
        selectFields(presentPhoneNumber(n, request.graphVersion), {
          requested: params.fields,
          defaults: phoneNumberDefaultFields,
          nodeType: 'WhatsAppBusinessPhoneNumber',
        }),
    });
  });

  app.get(
    '/:id(^\\d+$)/owned_whatsapp_business_accounts',
    { schema: { params: idParam, tags: ['Graph: business'], summary: 'WABAs owned by a business portfolio' } },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      await resolveNode(store, principal, id, 'business');
      requireScope(principal, 'whatsapp_business_management');
      const params = graphParams(request);
      const pageRequest = parsePageRequest(params);
      // An Admin system user sees every WABA of the business, an Employee only those assigned to it.
      const only = principal.systemUserRole === 'ADMIN' ? undefined : [...principal.wabaIds];
      const page = await numbers.pageWabas(asBusinessId(id), pageRequest, only);
      const business = await accounts.getBusiness(principal.businessId);
      return presentPage(request, {
        page,
        pageRequest,
        publicUrl,
        present: (w) =>
          selectFields(presentWaba(w, { verificationStatus: business?.verificationStatus ?? 'not_verified' }), {
            requested: params.fields,
            defaults: wabaDefaultFields,
            nodeType: 'WhatsAppBusinessAccount',
          }),
      });
    },
  );
}
