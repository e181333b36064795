import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { authorizeWaba, graphParams, requirePrincipal, resolveNode, type GraphNodes } from '../http/graph.js';
import type { Store } from '../store/database.js';
import { EXPANSION_MODIFIERS, type AnalyticsField } from './catalog.js';
import type { AnalyticsService } from './service.js';

export interface AnalyticsRoutesOptions {
  readonly store: Store;
  readonly nodes: GraphNodes;
  readonly analytics: AnalyticsService;
}

const idParam = { type: 'object', properties: { id: { type: 'string', description: 'A WhatsApp Business Account id' } }, required: ['id'] } as const;
const tags = ['Graph: analytics'];
const FIELDS = Object.keys(EXPANSION_MODIFIERS) as AnalyticsField[];

/**
 * A WABA's analytics on Graph (spec §8.4): the fields of `GET /{waba}?fields=…`, the same as edges
 * (`GET /{waba}/pricing_analytics?start=…`), and `GET /{waba}/template_analytics`. Reading them needs
 * whatsapp_business_management on the WABA, like the WABA itself.
 */
export function registerAnalyticsRoutes(app: FastifyInstance, options: AnalyticsRoutesOptions): void {
  const { store, nodes, analytics } = options;

  for (const field of FIELDS) {
    nodes.registerField('waba', field, async ({ principal, object, expansion }) => {
      authorizeWaba(principal, object.id, 'whatsapp_business_management');
      return analytics.field({ businessId: principal.businessId, wabaId: object.id, expansion });
    });
    app.get(`/:id(^\\d+$)/${field}`, { schema: { params: idParam, tags, summary: `${field} of a WABA, its modifiers as query parameters` } }, async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      await resolveNode(store, principal, id, 'waba');
      authorizeWaba(principal, id, 'whatsapp_business_management');
      return analytics.edge({ businessId: principal.businessId, wabaId: id, field, params: graphParams(request) });
    });
  }

  app.get(
    '/:id(^\\d+$)/template_analytics',
    { schema: { params: idParam, tags, summary: 'Sent, delivered, read, clicked and cost per template and day (start, end, granularity=DAILY, template_ids, metric_types)' } },
    async (request) => {
      const principal = requirePrincipal(request);
      const { id } = request.params as { id: string };
      await resolveNode(store, principal, id, 'waba');
      authorizeWaba(principal, id, 'whatsapp_business_management');
      return analytics.templateAnalytics({ businessId: principal.businessId, wabaId: id, params: graphParams(request) });
    },
  );
}
