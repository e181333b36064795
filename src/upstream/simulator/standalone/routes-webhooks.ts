import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter } from '../../../core/graph-errors.js';
import { graphParams } from '../../../core/graph-request.js';
import { LATEST_VERSION } from '../../../core/graph-version.js';
import type { Upstream } from '../../types.js';
import type { SimulatorApps } from './apps.js';
import { callerOf } from './auth.js';
import type { GraphObjects } from './objects.js';
import { listParam, optionalString, requiredString } from './params.js';

const tags = ['Graph: webhooks'];
const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/**
 * Webhook set-up as on Meta (spec §4.1, §4.2): the app's callback (`/{app-id}/subscriptions`, with
 * the app access token and the handshake) and the WABAs subscribed to the app (`/{waba-id}/subscribed_apps`).
 */
export function registerWebhookRoutes(graph: FastifyInstance, options: { upstream: Upstream; apps: SimulatorApps; objects: GraphObjects }): void {
  const { upstream, apps, objects } = options;
  const waba = async (request: FastifyRequest, method: 'get' | 'post' | 'delete'): Promise<string> => {
    const { id } = request.params as { id: string };
    await objects.own(callerOf(request), id, ['waba'], method);
    return id;
  };

  graph.post('/:id(^\\d+$)/subscribed_apps', { schema: { params: idParam, tags, summary: "Subscribe the token's app to the WABA's webhooks" } }, async (request) => {
    const wabaId = await waba(request, 'post');
    const params = graphParams(request);
    const uri = optionalString(params, 'override_callback_uri');
    const verifyToken = optionalString(params, 'verify_token');
    if (uri && !verifyToken) throw invalidParameter('verify_token is required with override_callback_uri');
    await upstream.subscribeApp(wabaId);
    await apps.subscribeWaba(wabaId, callerOf(request).appId, uri && verifyToken ? { uri, verifyToken } : undefined);
    return { success: true };
  });

  graph.get('/:id(^\\d+$)/subscribed_apps', { schema: { params: idParam, tags, summary: 'Apps subscribed to the WABA' } }, async (request) => {
    const wabaId = await waba(request, 'get');
    const subscribed = await apps.wabaApps(wabaId);
    return {
      data: subscribed.map((s) => ({
        whatsapp_business_api_data: { id: s.app.id, name: s.app.name, link: `https://www.facebook.com/games/?app_id=${s.app.id}` },
        ...(s.overrideCallbackUri ? { override_callback_uri: s.overrideCallbackUri } : {}),
      })),
    };
  });

  graph.delete('/:id(^\\d+$)/subscribed_apps', { schema: { params: idParam, tags, summary: "Unsubscribe the token's app" } }, async (request) => {
    await apps.unsubscribeWaba(await waba(request, 'delete'), callerOf(request).appId);
    return { success: true };
  });

  const app = { simulatorCredentials: 'app' } as const;
  graph.post(
    '/:id(^\\d+$)/subscriptions',
    { config: app, schema: { params: idParam, tags, summary: "Set the app's webhook callback (app access token; the callback must pass the hub.challenge handshake)" } },
    async (request) => {
      const params = graphParams(request);
      const fields = listParam(params.fields, 'fields') ?? ['messages'];
      // `include_values` and `version` are accepted: the simulator always posts values, in its own shapes.
      if (params.object === undefined) throw invalidParameter('object is required (whatsapp_business_account)');
      await apps.subscribe(callerOf(request).appId, {
        object: String(params.object),
        callbackUrl: requiredString(params, 'callback_url'),
        verifyToken: requiredString(params, 'verify_token'),
        fields,
      });
      return { success: true };
    },
  );

  graph.get('/:id(^\\d+$)/subscriptions', { config: app, schema: { params: idParam, tags, summary: "The app's webhook subscriptions (app access token)" } }, async (request) => {
    const subscriptions = await apps.subscriptions(callerOf(request).appId);
    return {
      data: subscriptions.map((s) => ({ object: s.object, callback_url: s.callbackUrl, active: true, fields: s.fields.map((name) => ({ name, version: `v${LATEST_VERSION}.0` })) })),
    };
  });

  graph.delete('/:id(^\\d+$)/subscriptions', { config: app, schema: { params: idParam, tags, summary: "Remove the app's subscription to an object (app access token)" } }, async (request) => {
    const object = optionalString(graphParams(request), 'object') ?? 'whatsapp_business_account';
    await apps.unsubscribe(callerOf(request).appId, object);
    return { success: true };
  });
}
