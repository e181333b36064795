import type {} from '@fastify/swagger';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asPhoneNumberId, asWabaId, type BusinessId, type PhoneNumberId } from '../core/brand.js';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import type { BusinessVerification } from '../accounts/verification.js';
import type { Clock } from '../core/clock.js';
import type { Store } from '../store/database.js';
import type { WabaAccounts } from './accounts.js';
import { NumbersScreen } from './console-view.js';
import type { NumberOnboarding } from './onboarding.js';
import type { NumbersService } from './service.js';

const tags = ['Console: accounts'];

/** The console's view of WhatsApp Business Accounts and numbers, WABA applications, number onboarding and Meta Verified. */
export function registerAccountConsoleRoutes(
  app: FastifyInstance,
  options: { accounts: WabaAccounts; onboarding: NumberOnboarding; numbers: NumbersService; store: Store; clock: Clock; verification: BusinessVerification },
): void {
  const { accounts, onboarding, numbers } = options;
  const screen = new NumbersScreen(options);
  app.get(
    '/wabas',
    {
      schema: {
        tags,
        summary:
          'Each WABA with its review, currency, time zone, health and numbers’ standing (display-name review included); business verification, Meta Verified and whether the business may apply, the messaging limit and the unique customers reached in the last 24 h',
      },
      preHandler: requireConsole('numbers.read'),
    },
    async (request) => screen.view(currentUser(request).businessId),
  );
  app.get('/wabas/options', { schema: { tags, summary: 'What a new WABA may take: currencies and Meta’s time zone ids' }, preHandler: requireConsole('numbers.read') }, async () => screen.options());
  app.post('/wabas', { schema: { tags, summary: 'Apply for a WhatsApp Business Account (name, currency, timezone_id); reviewed by Meta’s side' }, preHandler: requireConsole('numbers.manage') }, async (request) => {
    return accounts.createWaba(currentUser(request).businessId, (request.body ?? {}) as Record<string, unknown>);
  });
  app.post('/business/meta_verified', { schema: { tags, summary: 'Apply for Meta Verified (a verified business with a registered number)' }, preHandler: requireConsole('members.manage') }, async (request) =>
    accounts.applyForMetaVerified(currentUser(request).businessId),
  );

  // A number's onboarding from the console: the same steps as the Graph endpoints, as the signed-in member.
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
  const idOf = (request: FastifyRequest) => asPhoneNumberId((request.params as { id: string }).id);
  app.post('/wabas/:id/phone_numbers', { schema: { tags, summary: 'Add a number (cc, phone_number, verified_name)' }, preHandler: requireConsole('numbers.manage') }, async (request) => {
    const number = await onboarding.addNumber(currentUser(request).businessId, asWabaId((request.params as { id: string }).id), body(request));
    return { id: number.id };
  });
  const steps = {
    request_code: (b: BusinessId, id: PhoneNumberId, p: Record<string, unknown>) => onboarding.requestCode(b, id, p),
    verify_code: (b: BusinessId, id: PhoneNumberId, p: Record<string, unknown>) => onboarding.verifyCode(b, id, p),
    register: (b: BusinessId, id: PhoneNumberId, p: Record<string, unknown>) => onboarding.register(b, id, p),
    deregister: (b: BusinessId, id: PhoneNumberId) => onboarding.deregister(b, id),
    profile: (b: BusinessId, id: PhoneNumberId, p: Record<string, unknown>) => numbers.updateProfile(b, id, { messaging_product: 'whatsapp', ...p }),
    // A new display name goes to review; the current one stays until it is approved (Graph: POST /{id} {new_display_name}).
    display_name: (b: BusinessId, id: PhoneNumberId, p: Record<string, unknown>) => onboarding.rename(b, id, p.new_display_name),
  } as const;
  for (const [step, run] of Object.entries(steps)) {
    app.post(`/phone_numbers/:id/${step}`, { schema: { tags, summary: `The number's ${step.replace('_', ' ')} step` }, preHandler: requireConsole('numbers.manage') }, async (request) => {
      await run(currentUser(request).businessId, idOf(request), body(request));
      return { success: true };
    });
  }
}
