import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asPhoneNumberId, asWabaId, type BusinessId, type PhoneNumberId } from '../core/brand.js';
import { authorizeWaba, graphParams, requirePrincipal, resolveNode, type GraphNodes, type NodeContext } from '../http/graph.js';
import type { Store } from '../store/database.js';
import { selectFields } from '../http/fields.js';
import type { NumberOnboarding } from './onboarding.js';
import { presentProfile, profileDefaultFields } from './profile.js';
import type { NumbersService } from './service.js';

const idParam = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] } as const;
const tags = ['Graph: phone numbers'];

/** A number's onboarding on the Graph API (spec §8.1, §8.2): add, request and verify a code, register, deregister, PIN, name, profile. */
export function registerOnboardingRoutes(app: FastifyInstance, options: { store: Store; nodes: GraphNodes; numbers: NumbersService; onboarding: NumberOnboarding; publicUrl: string | undefined }): void {
  const { store, nodes, numbers, onboarding } = options;

  /** The number a `/{phone-number-id}/…` call names, checked for the management permission on its WABA. */
  const numberOf = async (request: FastifyRequest, method: 'get' | 'post' = 'post') => {
    const principal = requirePrincipal(request);
    const id = asPhoneNumberId((request.params as { id: string }).id);
    await resolveNode(store, principal, id, 'phone_number', method);
    const number = await numbers.getPhoneNumber(principal.businessId, id);
    authorizeWaba(principal, number.wabaId, 'whatsapp_business_management');
    return { businessId: principal.businessId, id, params: graphParams(request) };
  };

  app.post('/:id(^\\d+$)/phone_numbers', { schema: { params: idParam, tags, summary: 'Add a phone number to a WABA (cc, phone_number, verified_name)' } }, async (request) => {
    const principal = requirePrincipal(request);
    const { id } = request.params as { id: string };
    await resolveNode(store, principal, id, 'waba', 'post');
    authorizeWaba(principal, id, 'whatsapp_business_management');
    const number = await onboarding.addNumber(principal.businessId, asWabaId(id), graphParams(request));
    return { id: number.id };
  });

  app.post('/:id(^\\d+$)/request_code', { schema: { params: idParam, tags, summary: 'Send a verification code to the number (code_method SMS or VOICE)' } }, async (request) => {
    const { businessId, id, params } = await numberOf(request);
    await onboarding.requestCode(businessId, id, params);
    return { success: true };
  });

  app.post('/:id(^\\d+$)/verify_code', { schema: { params: idParam, tags, summary: 'Verify the number with the code it received' } }, async (request) => {
    const { businessId, id, params } = await numberOf(request);
    await onboarding.verifyCode(businessId, id, params);
    return { success: true };
  });

  app.post('/:id(^\\d+$)/register', { schema: { params: idParam, tags, summary: 'Register the number for the Cloud API with its two-step PIN' } }, async (request) => {
    const { businessId, id, params } = await numberOf(request);
    await onboarding.register(businessId, id, params);
    return { success: true };
  });

  app.post('/:id(^\\d+$)/deregister', { schema: { params: idParam, tags, summary: 'Deregister the number' } }, async (request) => {
    const { businessId, id } = await numberOf(request);
    await onboarding.deregister(businessId, id);
    return { success: true };
  });

  app.get('/:id(^\\d+$)/whatsapp_business_profile', { schema: { params: idParam, tags, summary: 'The business profile users see' } }, async (request) => {
    const { businessId, id, params } = await numberOf(request, 'get');
    const profile = await numbers.getProfile(businessId, id);
    return { data: [selectFields(presentProfile(profile, options.publicUrl ?? `${request.protocol}://${request.host}`), { requested: params.fields, defaults: profileDefaultFields, nodeType: 'WhatsAppBusinessProfile' })] };
  });

  app.post('/:id(^\\d+$)/whatsapp_business_profile', { schema: { params: idParam, tags, summary: 'Update the business profile' } }, async (request) => {
    const { businessId, id, params } = await numberOf(request);
    await numbers.updateProfile(businessId, id, params);
    return { success: true };
  });

  // `POST /{phone-number-id}` with `pin` or `new_display_name` (webhooks owns `webhook_configuration`).
  const update = (field: string, apply: (businessId: BusinessId, id: PhoneNumberId, value: unknown) => Promise<void>) => async ({ principal, object, params }: NodeContext) => {
    const number = await numbers.getPhoneNumber(principal.businessId, asPhoneNumberId(object.id));
    authorizeWaba(principal, number.wabaId, 'whatsapp_business_management');
    await apply(principal.businessId, number.id, params[field]);
  };
  nodes.registerUpdate('phone_number', 'pin', update('pin', (b, id, v) => onboarding.changePin(b, id, v)));
  nodes.registerUpdate('phone_number', 'new_display_name', update('new_display_name', (b, id, v) => onboarding.rename(b, id, v)));
}
