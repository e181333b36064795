import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter, objectNotFound } from '../../../core/graph-errors.js';
import { graphParams } from '../../../core/graph-request.js';
import type { Upstream } from '../../types.js';
import type { SimulatorApps } from './apps.js';
import { callerOf } from './auth.js';
import { ownerOf, type GraphObjects, type SimObject } from './objects.js';
import { requirePin } from '../../../rules/numbers.js';
import { optionalString } from './params.js';
import { presentPhoneNumber, presentTemplate, presentWaba } from './present.js';

export interface NodeRoutesOptions {
  readonly upstream: Upstream;
  readonly apps: SimulatorApps;
  readonly objects: GraphObjects;
  readonly baseUrl: (request: FastifyRequest) => string;
}

const nodeSchema = { params: { type: 'object', properties: { id: { type: 'string' } } }, tags: ['Graph'], summary: 'A Graph node by id: WABA, phone number, template, media or app' } as const;

/** `GET|POST|DELETE /{id}`: what the id names decides what the call does, as on Graph. */
export function registerNodeRoutes(graph: FastifyInstance, options: NodeRoutesOptions): void {
  const { upstream, apps, objects } = options;
  const kinds = ['waba', 'phone_number', 'template', 'media', 'app'] as const;

  graph.get('/:id(^\\d+$)', { schema: nodeSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const object = await objects.own(callerOf(request), id, kinds);
    const params = graphParams(request);
    const missing = () => objectNotFound(id);
    switch (object.kind) {
      case 'waba':
        return presentWaba((await upstream.getWaba(id)) ?? throwing(missing()), params.fields);
      case 'phone_number':
        return presentPhoneNumber((await upstream.getPhoneNumber(id)) ?? throwing(missing()), request.simulatorGraphVersion, params.fields);
      case 'template':
        return presentTemplate((await upstream.getTemplate(id, ownerOf(object))) ?? throwing(missing()), params.fields);
      case 'media': {
        guardNumber(object, params);
        const media = (await upstream.getMedia(id, ownerOf(object))) ?? throwing(missing());
        // Meta's URLs are absolute (the port's are relative when no public URL is configured); its sizes are strings (spec §2).
        return { ...media, url: new URL(media.url, options.baseUrl(request)).toString(), file_size: String(media.file_size) };
      }
      case 'app':
        return { id, name: (await apps.app(id))?.name ?? '' };
      default:
        return exhaustive(object.kind);
    }
  });

  graph.post('/:id(^\\d+$)', { schema: nodeSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const object = await objects.own(callerOf(request), id, ['phone_number', 'template'], 'post');
    const { access_token: _token, ...params } = graphParams(request);
    if (object.kind === 'template') {
      await upstream.editTemplate(id, params, ownerOf(object));
      return { success: true };
    }
    // A number: a new two-step PIN, or a new display name for review (spec §8.1).
    const name = optionalString(params, 'new_display_name');
    if (params.pin !== undefined) await upstream.setPin(id, requirePin(params.pin));
    else if (name !== undefined) await upstream.requestDisplayName(id, name);
    else throw invalidParameter('Nothing to update: give pin or new_display_name');
    return { success: true };
  });

  graph.delete('/:id(^\\d+$)', { schema: nodeSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const object = await objects.own(callerOf(request), id, ['media'], 'delete');
    guardNumber(object, graphParams(request));
    if (!(await upstream.getMedia(id, ownerOf(object)))) throw objectNotFound(id, 'delete');
    await upstream.deleteMedia(id, ownerOf(object));
    return { success: true };
  });
}

/** `?phone_number_id=` only lets a media call through for media of that number (spec §2). */
function guardNumber(media: SimObject, params: Record<string, unknown>): void {
  const given = params.phone_number_id;
  if (given === undefined || given === '' || String(given) === media.phoneNumberId) return;
  throw invalidParameter(`phone_number_id: media ${media.id} does not belong to phone number ${String(given)}`);
}

function throwing(error: Error): never {
  throw error;
}

function exhaustive(kind: never): never {
  throw new Error(`unhandled node kind ${String(kind)}`);
}
