import type { FastifyInstance, FastifyRequest } from 'fastify';
import { objectNotFound } from '../../../core/graph-errors.js';
import { graphParams } from '../../../core/graph-request.js';
import type { Upstream } from '../../types.js';
import { callerOf } from './auth.js';
import { ownerOf, type GraphObjects } from './objects.js';
import { optionalString, requiredString } from './params.js';
import { presentPage, presentTemplate, templateFilter } from './present.js';

const tags = ['Graph: templates'];
const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/** The template management API (spec §3.1) over the port: review happens on the simulator's clock, decisions come as webhooks. */
export function registerTemplateRoutes(graph: FastifyInstance, options: { upstream: Upstream; objects: GraphObjects; baseUrl: (request: FastifyRequest) => string }): void {
  const { upstream, objects } = options;
  const waba = async (request: FastifyRequest, method: 'get' | 'post' | 'delete'): Promise<string> => {
    const { id } = request.params as { id: string };
    await objects.own(callerOf(request), id, ['waba'], method);
    return id;
  };

  graph.get('/:id(^\\d+$)/message_templates', { schema: { params: idParam, tags, summary: 'List message templates' } }, async (request) => {
    const wabaId = await waba(request, 'get');
    const params = graphParams(request);
    const keep = templateFilter(params);
    const items = (await upstream.listTemplates(wabaId)).filter(keep);
    return presentPage(request, { items, params, base: options.baseUrl(request), present: (t) => presentTemplate(t, params.fields) });
  });

  // SDKs read one template under its WABA as well as by its own id.
  graph.get(
    '/:id(^\\d+$)/message_templates/:templateId(^\\d+$)',
    { schema: { params: { type: 'object', properties: { id: { type: 'string' }, templateId: { type: 'string' } } }, tags, summary: 'One message template' } },
    async (request) => {
      const wabaId = await waba(request, 'get');
      const { templateId } = request.params as { templateId: string };
      const found = await objects.find(templateId);
      const template = found?.kind === 'template' && found.wabaId === wabaId ? await upstream.getTemplate(templateId, { wabaId }) : undefined;
      if (!template) throw objectNotFound(templateId);
      return presentTemplate(template, graphParams(request).fields);
    },
  );

  graph.post('/:id(^\\d+$)/message_templates', { schema: { params: idParam, tags, summary: 'Create a message template (reviewed, then APPROVED or REJECTED by webhook)' } }, async (request) => {
    const wabaId = await waba(request, 'post');
    const { access_token: _token, ...definition } = graphParams(request);
    return upstream.createTemplate(wabaId, definition);
  });

  graph.delete('/:id(^\\d+$)/message_templates', { schema: { params: idParam, tags, summary: 'Delete a template by name (all languages), or one by hsm_id and name' } }, async (request) => {
    const wabaId = await waba(request, 'delete');
    const params = graphParams(request);
    await upstream.deleteTemplate(wabaId, { name: requiredString(params, 'name'), hsmId: optionalString(params, 'hsm_id') });
    return { success: true };
  });

  graph.post('/:id(^\\d+$)/unpause', { schema: { params: idParam, tags, summary: 'Unpause a paused template' } }, async (request) => {
    const { id } = request.params as { id: string };
    const template = await objects.own(callerOf(request), id, ['template'], 'post');
    await upstream.unpauseTemplate(id, ownerOf(template));
    return { success: true };
  });
}
