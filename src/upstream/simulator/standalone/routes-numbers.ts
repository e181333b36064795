import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidParameter, objectNotFound } from '../../../core/graph-errors.js';
import { graphParams } from '../../../core/graph-request.js';
import type { Upstream } from '../../types.js';
import { callerOf } from './auth.js';
import type { GraphObjects } from './objects.js';
import { requireCode, requireCodeMethod, requirePin } from '../../../rules/numbers.js';
import { optionalString, requiredString } from './params.js';
import { presentPage, presentPhoneNumber, presentProfile } from './present.js';

const tags = ['Graph: phone numbers'];
const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;

/** Limits of the profile's text fields (spec §8.2). */
const profileLimits: Readonly<Record<string, number>> = { about: 139, address: 256, description: 512, email: 128, vertical: 64, profile_picture_url: 2000 };

export interface NumberRoutesOptions {
  readonly upstream: Upstream;
  readonly objects: GraphObjects;
  readonly baseUrl: (request: FastifyRequest) => string;
}

/** A WABA's numbers and a number's life (spec §8.1, §8.2) over the port: codes, registration, the business profile. */
export function registerNumberRoutes(graph: FastifyInstance, options: NumberRoutesOptions): void {
  const { upstream, objects } = options;
  const own = async (request: FastifyRequest, kind: 'waba' | 'phone_number', method: 'get' | 'post'): Promise<string> => {
    const { id } = request.params as { id: string };
    await objects.own(callerOf(request), id, [kind], method);
    return id;
  };
  const success = { success: true } as const;

  graph.get('/:id(^\\d+$)/phone_numbers', { schema: { params: idParam, tags, summary: "A WABA's phone numbers" } }, async (request) => {
    const wabaId = await own(request, 'waba', 'get');
    const params = graphParams(request);
    const items = await upstream.listPhoneNumbers(wabaId);
    return presentPage(request, { items, params, base: options.baseUrl(request), present: (n) => presentPhoneNumber(n, request.simulatorGraphVersion, params.fields) });
  });

  graph.post('/:id(^\\d+$)/phone_numbers', { schema: { params: idParam, tags, summary: 'Add a phone number to a WABA (its display name goes to review)' } }, async (request) => {
    const wabaId = await own(request, 'waba', 'post');
    const params = graphParams(request);
    const verifiedName = requiredString(params, 'verified_name').trim();
    if (verifiedName.length < 3 || verifiedName.length > 512) throw invalidParameter('verified_name must be 3 to 512 characters');
    const cc = String(params.cc ?? params.country_code ?? '').replace(/\D/g, '');
    if (!cc) throw invalidParameter('cc is required: the country calling code');
    return upstream.addPhoneNumber(wabaId, { cc, phoneNumber: requiredString(params, 'phone_number').replace(/\D/g, ''), verifiedName });
  });

  graph.post('/:id(^\\d+$)/request_code', { schema: { params: idParam, tags, summary: 'Send a verification code by SMS or voice' } }, async (request) => {
    const id = await own(request, 'phone_number', 'post');
    const params = graphParams(request);
    await upstream.requestCode(id, { method: requireCodeMethod(params.code_method), language: optionalString(params, 'language') ?? 'en_US' });
    return success;
  });

  graph.post('/:id(^\\d+$)/verify_code', { schema: { params: idParam, tags, summary: 'Verify the number with the code it received' } }, async (request) => {
    const id = await own(request, 'phone_number', 'post');
    await upstream.verifyCode(id, requireCode(graphParams(request).code));
    return success;
  });

  graph.post('/:id(^\\d+$)/register', { schema: { params: idParam, tags, summary: 'Register the number on the Cloud API with its two-step PIN' } }, async (request) => {
    const id = await own(request, 'phone_number', 'post');
    const params = graphParams(request);
    if (params.messaging_product !== 'whatsapp') throw invalidParameter('messaging_product: is required and must be "whatsapp"');
    await upstream.register(id, requirePin(params.pin));
    return success;
  });

  graph.post('/:id(^\\d+$)/deregister', { schema: { params: idParam, tags, summary: 'Deregister the number' } }, async (request) => {
    await upstream.deregister(await own(request, 'phone_number', 'post'));
    return success;
  });

  graph.get('/:id(^\\d+$)/whatsapp_business_profile', { schema: { params: idParam, tags, summary: 'The business profile users see' } }, async (request) => {
    const id = await own(request, 'phone_number', 'get');
    const profile = await upstream.getProfile(id);
    if (!profile) throw objectNotFound(id);
    return { data: [presentProfile(profile, graphParams(request).fields)] };
  });

  graph.post('/:id(^\\d+$)/whatsapp_business_profile', { schema: { params: idParam, tags, summary: 'Update the business profile' } }, async (request) => {
    const id = await own(request, 'phone_number', 'post');
    const params = graphParams(request);
    if (params.messaging_product !== 'whatsapp') throw invalidParameter('messaging_product: is required and must be "whatsapp"');
    await upstream.setProfile(id, profileChange(params));
    return success;
  });
}

/** The profile fields given, checked against Meta's limits; a picture by upload handle needs the Resumable Upload API, which the simulator does not serve. */
function profileChange(params: Record<string, unknown>): Record<string, unknown> {
  if (params.profile_picture_handle !== undefined) throw invalidParameter('profile_picture_handle: the standalone simulator has no Resumable Upload API; set profile_picture_url instead');
  const change: Record<string, unknown> = {};
  for (const [name, max] of Object.entries(profileLimits)) {
    const value = optionalString(params, name);
    if (value === undefined) continue;
    if (value.length > max) throw invalidParameter(`${name} may be at most ${max} characters`);
    change[name] = value;
  }
  const websites = typeof params.websites === 'string' ? safeJsonArray(params.websites) : params.websites;
  if (websites !== undefined) {
    if (!Array.isArray(websites) || websites.length > 2 || websites.some((w) => typeof w !== 'string' || w.length > 256)) {
      throw invalidParameter('websites must be at most 2 URLs of up to 256 characters');
    }
    change.websites = websites;
  }
  return change;
}

function safeJsonArray(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return [text];
  }
}
