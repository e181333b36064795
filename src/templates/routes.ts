import type {} from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { objectNotFound } from '../core/graph-errors.js';
import { parsePageRequest } from '../core/paging.js';
import { authorizeWaba, graphParams, presentPage, requirePrincipal, resolveNode, type GraphNodes } from '../http/graph.js';
import type { Store } from '../store/database.js';
import { registerTemplateStudioRoutes, type TemplateConsoleOptions } from './console-routes.js';
import { presentTemplateFields, templateFilterOf } from './present.js';
import type { TemplatesService } from './service.js';

const tags = ['Graph: templates'];
const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

const present = presentTemplateFields;

/** The template management API (spec §3.1), Graph-compatible, and the console's lint. */
export function registerTemplateGraphRoutes(app: FastifyInstance, options: { store: Store; nodes: GraphNodes; templates: TemplatesService; publicUrl: string | undefined }): void {
  const { store, nodes, templates, publicUrl } = options;

  /** Resolves a WABA named in the path for a management call. */
  const waba = async (request: Parameters<typeof requirePrincipal>[0], method: 'get' | 'post' | 'delete') => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'waba', method);
    authorizeWaba(principal, id, 'whatsapp_business_management');
    return { principal, wabaId: id };
  };

  app.get('/:id(^\\d+$)/message_templates', { schema: { params: idParam, tags, summary: 'List message templates' } }, async (request) => {
    const { principal, wabaId } = await waba(request, 'get');
    const params = graphParams(request);
    const pageRequest = parsePageRequest(params);
    const page = await templates.page(principal.businessId, wabaId, templateFilterOf(params), pageRequest);
    const answer: Record<string, unknown> = presentPage(request, { page, pageRequest, publicUrl, present: present(params.fields) });
    if (params.summary !== undefined) answer.summary = await templates.summary(principal.businessId, wabaId);
    return answer;
  });

  // SDKs read one template under its WABA as well as by its own id.
  app.get('/:id(^\\d+$)/message_templates/:templateId(^\\d+$)', { schema: { params: { type: 'object', properties: { id: { type: 'string' }, templateId: { type: 'string' } } }, tags, summary: 'One message template' } }, async (request) => {
    const { principal, wabaId } = await waba(request, 'get');
    const template = await templates.get(principal.businessId, (request.params as { templateId: string }).templateId);
    if (template.wabaId !== wabaId) throw objectNotFound(template.id);
    return present(graphParams(request).fields)(template);
  });

  app.post('/:id(^\\d+$)/message_templates', { schema: { params: idParam, tags, summary: 'Create a message template (reviewed, then APPROVED or REJECTED)' } }, async (request) => {
    const { principal, wabaId } = await waba(request, 'post');
    const template = await templates.create(principal.businessId, wabaId, graphParams(request));
    return { id: template.id, status: template.status, category: template.category };
  });

  app.delete('/:id(^\\d+$)/message_templates', { schema: { params: idParam, tags, summary: 'Delete a template by name (all languages), or one by hsm_id and name' } }, async (request) => {
    const { principal, wabaId } = await waba(request, 'delete');
    await templates.delete(principal.businessId, wabaId, graphParams(request));
    return { success: true };
  });

  app.post('/:id(^\\d+$)/unpause', { schema: { params: idParam, tags, summary: 'Unpause a paused template' } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'template', 'post');
    const template = await templates.get(principal.businessId, id);
    authorizeWaba(principal, template.wabaId, 'whatsapp_business_management');
    await templates.unpause(principal.businessId, id);
    return { success: true };
  });

  nodes.register('template', {
    get: async ({ principal, object, params }) => {
      const template = await templates.get(principal.businessId, object.id);
      authorizeWaba(principal, template.wabaId, 'whatsapp_business_management');
      return present(params.fields)(template);
    },
    post: async ({ principal, object, params }) => {
      const template = await templates.get(principal.businessId, object.id);
      authorizeWaba(principal, template.wabaId, 'whatsapp_business_management');
      await templates.edit(principal.businessId, object.id, params);
      return { success: true };
    },
  });
}

/** The console's template routes (the studio, the inbox composer's list); see `console-routes.ts`. */
export function registerTemplateConsoleRoutes(app: FastifyInstance, options: TemplateConsoleOptions): void {
  registerTemplateStudioRoutes(app, options);
}
