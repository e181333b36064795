import type {} from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import type { AccountsService } from '../accounts/service.js';
import { asBusinessId, asPhoneNumberId } from '../core/brand.js';
import { GraphError, invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { authorizeWaba, graphParams, requirePrincipal, resolveNode, type GraphNodes } from '../http/graph.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import type { WebhookAttempt, WebhookEvent } from './model.js';
import type { WebhooksService } from './service.js';

export interface WebhooksRoutesOptions {
  readonly store: Store;
  readonly nodes: GraphNodes;
  readonly webhooks: WebhooksService;
  readonly accounts: AccountsService;
  readonly numbers: NumbersService;
}

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/** Graph webhook set-up: WABA subscriptions, the app's callback, the per-number override (spec §4.2). */
export function registerWebhookGraphRoutes(app: FastifyInstance, options: WebhooksRoutesOptions): void {
  const { store, nodes, webhooks, accounts, numbers } = options;
  const tags = ['Graph: webhooks'];

  app.post('/:id(^\\d+$)/subscribed_apps', { schema: { params: idParam, tags, summary: "Subscribe the token's app to a WABA's webhooks" } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'waba', 'post');
    authorizeWaba(principal, id, 'whatsapp_business_management');
    const params = graphParams(request);
    const override = optionalString(params, 'override_callback_uri');
    const verifyToken = optionalString(params, 'verify_token');
    await webhooks.subscribe({ businessId: principal.businessId, wabaId: id, appId: principal.appId, ...(override ? { overrideCallbackUri: override } : {}), ...(verifyToken ? { verifyToken } : {}) });
    return { success: true };
  });

  app.get('/:id(^\\d+$)/subscribed_apps', { schema: { params: idParam, tags, summary: 'Apps subscribed to a WABA' } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'waba');
    authorizeWaba(principal, id, 'whatsapp_business_management');
    const apps = await accounts.listApps(principal.businessId);
    const subscriptions = await webhooks.listSubscriptions(principal.businessId, id);
    return {
      data: subscriptions.flatMap((s) => {
        const found = apps.find((a) => a.id === s.appId);
        if (!found) return [];
        return [{ whatsapp_business_api_data: { id: found.id, name: found.name, link: `https://chatapp.local/apps/${found.id}` }, ...(s.overrideCallbackUri ? { override_callback_uri: s.overrideCallbackUri } : {}) }];
      }),
    };
  });

  app.delete('/:id(^\\d+$)/subscribed_apps', { schema: { params: idParam, tags, summary: "Unsubscribe the token's app" } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'waba', 'delete');
    authorizeWaba(principal, id, 'whatsapp_business_management');
    await webhooks.unsubscribe(principal.businessId, id, principal.appId);
    return { success: true };
  });

  // `POST /{app-id}/subscriptions`: how an app sets its callback URL on Graph; the handshake runs first.
  app.post('/:id(^\\d+$)/subscriptions', { schema: { params: idParam, tags, summary: "Set the app's webhook callback (object whatsapp_business_account)" } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    if (id !== principal.appId) throw objectNotFound(id, 'post');
    const params = graphParams(request);
    if (params.object !== undefined && params.object !== 'whatsapp_business_account') throw invalidParameter('object must be whatsapp_business_account');
    const callbackUrl = optionalString(params, 'callback_url');
    const verifyToken = optionalString(params, 'verify_token');
    if (!callbackUrl || !verifyToken) throw invalidParameter('callback_url and verify_token are required');
    const fields = typeof params.fields === 'string' ? params.fields.split(',').map((f) => f.trim()).filter(Boolean) : Array.isArray(params.fields) ? params.fields.map(String) : undefined;
    await accounts.updateApp(principal.businessId, principal.appId, { callbackUrl, verifyToken, ...(fields ? { subscribedFields: fields } : {}) });
    webhooks.invalidateRoutes();
    return { success: true };
  });

  app.get('/:id(^\\d+$)/subscriptions', { schema: { params: idParam, tags } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    if (id !== principal.appId) throw objectNotFound(id);
    const found = await accounts.getApp(principal.businessId, principal.appId);
    if (!found?.callbackUrl) return { data: [] };
    return { data: [{ object: 'whatsapp_business_account', callback_url: found.callbackUrl, active: true, fields: found.subscribedFields.map((name) => ({ name, version: `v${found.webhookVersion}.0` })) }] };
  });

  // `POST /{phone-number-id}` with `webhook_configuration`: the per-number override.
  nodes.registerUpdate('phone_number', 'webhook_configuration', async ({ principal, object, params }) => {
    const number = await numbers.getPhoneNumber(principal.businessId, asPhoneNumberId(object.id));
    authorizeWaba(principal, number.wabaId, 'whatsapp_business_management');
    const config = params.webhook_configuration;
    const parsed = typeof config === 'string' ? safeJson(config) : config;
    if (!parsed || typeof parsed !== 'object') throw invalidParameter('webhook_configuration must be an object');
    const { override_callback_uri: uri, verify_token: token } = parsed as { override_callback_uri?: unknown; verify_token?: unknown };
    if (typeof uri !== 'string') throw invalidParameter('webhook_configuration.override_callback_uri must be a string (empty removes the override)');
    await webhooks.setNumberOverride(principal.businessId, number.id, uri, typeof token === 'string' ? token : undefined);
  });
}

const Since = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])),
  since: Type.Optional(Type.Integer({ minimum: 0 })),
  until: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  before: Type.Optional(Type.String({ pattern: '^\\d+$' })),
});
const Range = Type.Object({ since: Type.Integer({ minimum: 0 }), until: Type.Integer({ minimum: 0 }) });

/** The console's webhook delivery log and replay (`/console/api/webhooks/…`). Times are unix seconds. */
export function registerWebhookConsoleRoutes(app: FastifyInstance, options: { webhooks: WebhooksService }): void {
  const { webhooks } = options;
  const tags = ['Console: webhooks'];
  app.get<{ Querystring: Static<typeof Since> }>('/webhooks/events', { schema: { querystring: Since, tags, summary: 'Webhook deliveries, newest first' }, preHandler: requireConsole('apps.manage') }, async (request) => {
    const { status, since, until, limit, before } = request.query;
    const events = await webhooks.listEvents(asBusinessId(currentUser(request).businessId), {
      limit: limit ?? 50,
      ...(status ? { status } : {}),
      ...(since !== undefined ? { from: since * 1000 } : {}),
      ...(until !== undefined ? { to: until * 1000 } : {}),
      ...(before ? { beforeId: before } : {}),
    });
    return { data: events.map((e) => presentEvent(e)) };
  });

  app.get<{ Params: { id: string } }>('/webhooks/events/:id', { schema: { params: idParam, tags }, preHandler: requireConsole('apps.manage') }, async (request) => {
    const { event, attempts } = await webhooks.getEvent(currentUser(request).businessId, request.params.id);
    return { ...presentEvent(event), body: JSON.parse(event.body) as unknown, attempts: attempts.map(presentAttempt) };
  });

  app.post<{ Params: { id: string } }>('/webhooks/events/:id/replay', { schema: { params: idParam, tags }, preHandler: requireConsole('apps.manage') }, async (request) => {
    await webhooks.replay(currentUser(request).businessId, request.params.id);
    return { success: true };
  });

  app.post<{ Body: Static<typeof Range> }>('/webhooks/replay', { schema: { body: Range, tags, summary: 'Replay every event created in [since, until)' }, preHandler: requireConsole('apps.manage') }, async (request) => {
    const replayed = await webhooks.replayRange(currentUser(request).businessId, request.body.since * 1000, request.body.until * 1000);
    return { success: true, replayed };
  });
}

const presentEvent = (e: WebhookEvent) => ({
  id: e.id,
  app_id: e.appId,
  waba_id: e.wabaId,
  phone_number_id: e.phoneNumberId,
  field: e.field,
  url: e.url,
  status: e.status,
  attempts: e.attempts,
  last_status_code: e.lastStatusCode,
  created_time: Math.floor(e.createdAt / 1000),
  delivered_time: e.deliveredAt === null ? null : Math.floor(e.deliveredAt / 1000),
  /** A pending event's next try (or, while one is under way, when it is given up as lost). */
  next_attempt_time: e.status === 'pending' && e.nextAttemptAt !== null ? Math.floor(e.nextAttemptAt / 1000) : null,
});

const presentAttempt = (a: WebhookAttempt) => ({
  attempted_time: Math.floor(a.attemptedAt / 1000),
  status_code: a.statusCode,
  latency_ms: a.latencyMs,
  error: a.error,
  response_excerpt: a.responseExcerpt,
});

function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new GraphError('invalidParameter', `${name} must be a string`);
  return value;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
