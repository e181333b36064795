import { Readable } from 'node:stream';
import { Type, type Static } from '@sinclair/typebox';
import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import { roleAllows, type ConsoleAction } from '../accounts/model.js';
import type { AccountsService } from '../accounts/service.js';
import { asWabaId, type BusinessId } from '../core/brand.js';
import { GraphError, invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { parsePageRequest } from '../core/paging.js';
import { graphParams, presentPage } from '../http/graph.js';
import type { UploadsService } from '../media/uploads.js';
import type { MessagingService } from '../messaging/service.js';
import { registeredStatuses } from '../rules/numbers.js';
import type { NumbersService } from '../numbers/service.js';
import { presentConsoleTemplate, presentPauseState, presentTemplateEvent, presentTemplateFields, templateFilterOf } from './present.js';
import { pauseStateOf } from './history.js';
import type { TemplatesService } from './service.js';

const tags = ['Console: templates'];
const WabaParam = Type.Object({ waba_id: Type.String({ pattern: '^\\d+$' }) });
const IdParam = Type.Object({ id: Type.String({ pattern: '^\\d+$' }) });
const TestSend = Type.Object({
  to: Type.String({ minLength: 1, description: 'the recipient, as a Cloud API send takes it' }),
  components: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Unknown()), { description: 'the send’s components (parameters), as the Cloud API takes them' })),
  phone_number_id: Type.Optional(Type.String({ description: 'a registered number of the template’s WABA; default its first' })),
});

export interface TemplateConsoleOptions {
  readonly templates: TemplatesService;
  readonly numbers: Pick<NumbersService, 'getWaba' | 'listPhoneNumbers'>;
  readonly messaging: Pick<MessagingService, 'send'>;
  readonly uploads: Pick<UploadsService, 'start' | 'append'>;
  readonly accounts: Pick<AccountsService, 'listApps'>;
}

/**
 * Reading templates serves the studio and the inbox composer (which offers approved templates when
 * the window is closed), so either permission reads; every change needs templates.manage.
 */
const readers: readonly ConsoleAction[] = ['templates.manage', 'inbox.use'];
async function requireTemplateReader(request: FastifyRequest): Promise<void> {
  await requireConsole()(request);
  const { role } = currentUser(request);
  if (!readers.some((action) => roleAllows(role, action))) throw new GraphError('permissionsError', `Your role (${role}) does not allow ${readers.join(' or ')}`);
}

/**
 * The template studio's API, as the signed-in member (no access token): the Graph management
 * calls on the member's own WABAs, answered in Graph's shapes and errors, plus a test send and a
 * header example upload.
 */
export function registerTemplateStudioRoutes(app: FastifyInstance, options: TemplateConsoleOptions): void {
  const { templates, numbers } = options;
  const manage = requireConsole('templates.manage');
  const business = (request: FastifyRequest): BusinessId => currentUser(request).businessId;

  /** Another business's WABA answers the same not-found as Graph's, never a hint that it exists. */
  const ownWaba = async (businessId: BusinessId, wabaId: string, method: 'get' | 'post'): Promise<string> => {
    try {
      await numbers.getWaba(businessId, asWabaId(wabaId));
    } catch (e) {
      if (e instanceof GraphError) throw objectNotFound(wabaId, method);
      throw e;
    }
    return wabaId;
  };

  app.post('/templates/lint', { schema: { tags, summary: 'Every problem Meta’s review would find in a template, with where it is' }, preHandler: manage }, async (request) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { waba_id: wabaId, ...template } = body;
    const businessId = business(request);
    // The duplicate-wording rule reads the WABA's other templates: only the member's own WABA's.
    const own = typeof wabaId === 'string' && wabaId !== '' ? await ownWaba(businessId, wabaId, 'post') : '';
    const findings = await templates.lint(businessId, own, template);
    return { findings: findings.map((f) => ({ rule: f.rule, rejected_reason: f.rejectedReason, path: f.path, message: f.message })) };
  });

  app.get<{ Params: Static<typeof WabaParam> }>(
    '/wabas/:waba_id/templates',
    { schema: { params: WabaParam, tags, summary: 'A WABA’s templates: Graph’s list (name, status, category, language, fields, limit/after/before, summary)' }, preHandler: requireTemplateReader },
    async (request) => {
      const businessId = business(request);
      const wabaId = await ownWaba(businessId, request.params.waba_id, 'get');
      const params = graphParams(request);
      const pageRequest = parsePageRequest(params);
      const page = await templates.page(businessId, wabaId, templateFilterOf(params), pageRequest);
      const answer: Record<string, unknown> = presentPage(request, { page, pageRequest, publicUrl: undefined, present: presentTemplateFields(params.fields) });
      if (params.summary !== undefined) answer.summary = await templates.summary(businessId, wabaId);
      return answer;
    },
  );

  app.post<{ Params: Static<typeof WabaParam> }>(
    '/wabas/:waba_id/templates',
    { schema: { params: WabaParam, tags, summary: 'Create a template (Graph’s body); reviewed, then APPROVED or REJECTED' }, preHandler: manage },
    async (request) => {
      const businessId = business(request);
      const wabaId = await ownWaba(businessId, request.params.waba_id, 'post');
      const template = await templates.create(businessId, wabaId, request.body ?? {});
      return { id: template.id, status: template.status, category: template.category };
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/templates/:id',
    { schema: { params: IdParam, tags, summary: 'One template (Graph’s fields) and its `pause_state` (paused until when, pauses so far, what reaching RED does next)' }, preHandler: requireTemplateReader },
    async (request) => {
      const template = await templates.get(business(request), request.params.id);
      return presentConsoleTemplate(graphParams(request).fields, template, pauseStateOf(template));
    },
  );

  app.get<{ Params: Static<typeof IdParam> }>(
    '/templates/:id/history',
    { schema: { params: IdParam, tags, summary: 'A template’s status history, newest first (status, category and quality changes with their reasons), and its `pause_state`' }, preHandler: requireTemplateReader },
    async (request) => {
      const { events, pause } = await templates.history(business(request), request.params.id);
      return { data: events.map(presentTemplateEvent), pause_state: pause ? presentPauseState(pause) : null };
    },
  );

  app.post<{ Params: Static<typeof IdParam> }>('/templates/:id', { schema: { params: IdParam, tags, summary: 'Edit a template (components, category, message_send_ttl_seconds); back to review' }, preHandler: manage }, async (request) => {
    await templates.edit(business(request), request.params.id, (request.body ?? {}) as Record<string, unknown>);
    return { success: true };
  });

  app.delete<{ Params: Static<typeof IdParam> }>('/templates/:id', { schema: { params: IdParam, tags, summary: 'Delete this template (this language only, as Graph’s hsm_id does)' }, preHandler: manage }, async (request) => {
    const businessId = business(request);
    const template = await templates.get(businessId, request.params.id);
    await templates.delete(businessId, template.wabaId, { name: template.name, hsm_id: template.id });
    return { success: true };
  });

  app.post<{ Params: Static<typeof IdParam> }>('/templates/:id/unpause', { schema: { params: IdParam, tags, summary: 'Unpause a paused template' }, preHandler: manage }, async (request) => {
    await templates.unpause(business(request), request.params.id);
    return { success: true };
  });

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof TestSend> }>(
    '/templates/:id/test',
    { schema: { params: IdParam, body: TestSend, tags, summary: 'Send the template to `to` from a number of its WABA, through the Cloud API’s send (its checks, its errors)' }, preHandler: manage },
    async (request) => {
      const businessId = business(request);
      const template = await templates.get(businessId, request.params.id);
      const { to, components, phone_number_id: from } = request.body;
      const candidates = (await numbers.listPhoneNumbers(businessId)).filter((n) => n.wabaId === template.wabaId);
      const number = from === undefined ? candidates.find((n) => registeredStatuses.includes(n.status)) : candidates.find((n) => n.id === from);
      if (!number) {
        throw from === undefined ? invalidParameter(`phone_number_id: WhatsApp Business Account ${template.wabaId} has no registered number to send from`) : objectNotFound(from, 'post');
      }
      const content = { name: template.name, language: { code: template.language }, ...(components ? { components } : {}) };
      return options.messaging.send({ businessId, number, body: { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'template', template: content } });
    },
  );

  // A media header's example is a Resumable Upload handle; the studio uploads its sample file in one
  // piece here. The body is the file's bytes whatever its Content-Type, hence a scope without parsers.
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(
      '/templates/uploads',
      { schema: { tags, summary: 'Upload a header example in one piece (query: file_name, file_length, file_type); answers the handle {"h"}' }, preHandler: manage },
      async (request) => {
        const businessId = business(request);
        // Meta ties a handle to an app; the console uses the business's first.
        const [appOfBusiness] = await options.accounts.listApps(businessId);
        if (!appOfBusiness) throw invalidParameter('The business has no app yet, and an upload handle belongs to one: create an app on the Developers page');
        const session = await options.uploads.start({ businessId, appId: appOfBusiness.id, params: (request.query ?? {}) as Record<string, unknown> });
        const body = request.body instanceof Readable ? request.body : Readable.from([]);
        const progress = await options.uploads.append({ businessId, sessionId: session.id.replace(/^upload:/, ''), offset: '0', body });
        if (!('h' in progress)) throw invalidParameter(`file_length: ${progress.file_offset} bytes arrived of the length given`);
        return progress;
      },
    );
  });
}
