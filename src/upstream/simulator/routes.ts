import type {} from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxClock } from '../../core/clock.js';
import { GraphError, invalidParameter } from '../../core/graph-errors.js';
import { parseInternational } from '../../core/phone.js';
import type { Store } from '../../store/database.js';
import { advanceSandboxClock } from './clock.js';
import { tiers } from './limits.js';
import { magicNumbers } from './model.js';
import { callerOf, guardSandbox, type SandboxGuard } from './guard.js';
import { notInChat, unknownNumber, type SimulatorPlatform } from './platform.js';
import { checkUserMessage } from './user-messages.js';

const Behaviour = Type.Partial(
  Type.Object({
    onWhatsApp: Type.Boolean(),
    offlineMs: Type.Integer({ minimum: 0 }),
    // null first: Fastify's type coercion would otherwise turn null into 0 (reads at once) on the integer branch.
    readAfterMs: Type.Union([Type.Null(), Type.Integer({ minimum: 0 })]),
    autoReply: Type.Boolean(),
    blocksBusiness: Type.Boolean(),
    reportsBusiness: Type.Boolean(),
  }),
);
const NewUser = Type.Object({ phone: Type.String({ maxLength: 32 }), profile_name: Type.Optional(Type.String({ maxLength: 100 })), behaviour: Type.Optional(Behaviour) });
const UserSends = Type.Object({
  from: Type.String({ maxLength: 32 }),
  to: Type.String({ pattern: '^\\d+$', description: 'the business phone-number id' }),
  message: Type.Object(
    { type: Type.String() },
    {
      additionalProperties: true,
      description:
        'an inbound message of spec §4.4 without from, id and timestamp. Media (image, video, audio, document, sticker) may carry ' +
        '`data_base64` and `mime_type` (and a document `filename`); without data the user sends a small sample file. ' +
        'A location, contact card or reaction is checked as a send of that type is; a reaction must name a message of this chat',
    },
  ),
});
const Advance = Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 400 * 24 * 3600 }) });
const Phone = Type.Object({ phone: Type.String({ maxLength: 32 }) });
const WithNumber = Type.Object({ phone_number_id: Type.String({ pattern: '^\\d+$' }) });
const Report = Type.Object({ phone_number_id: Type.String({ pattern: '^\\d+$' }), reason: Type.Optional(Type.String({ maxLength: 200 })) });
const ReadBody = Type.Object({ message_id: Type.String({ maxLength: 400 }) });
const TapBody = Type.Object({ message_id: Type.String({ maxLength: 400 }), button_index: Type.Integer({ minimum: 0, maximum: 9 }) });
const MessageId = Type.Object({ messageId: Type.String({ maxLength: 400 }) });

/**
 * Users send files inline as base64: room for a 16 MB video, well past the 1 MiB other routes take.
 * Each file is then held to Meta's limit for its kind (user-media.ts); a document, up to 100 MB on
 * Meta's side, is bounded here by the body (about 18 MB once decoded).
 */
const USER_MESSAGE_BODY_LIMIT = 24 * 1024 * 1024;

export interface SimulatorRoutesOptions {
  readonly store: Store;
  readonly clock: SandboxClock;
  readonly simulator: SimulatorPlatform;
  readonly publicUrl?: string | undefined;
  /** Who is calling, from the request's credentials (guard.ts); the host decides how. */
  readonly authorize: SandboxGuard;
}

/**
 * The sandbox's window on Meta's side: users, their phones and the clock (`/simulator/…`, sandbox
 * only). Every route needs credentials and acts only on the caller's business: another business's
 * number, message or portfolio answers exactly as an unknown one. The clock is the deployment's.
 */
export function registerSimulatorRoutes(app: FastifyInstance, options: SimulatorRoutesOptions): void {
  const { store, clock, simulator, publicUrl } = options;
  const tags = ['Simulator'];
  guardSandbox(app, options.authorize);
  const read = { sandbox: 'read' } as const;
  const act = { sandbox: 'act' } as const;
  const manage = { sandbox: 'manage' } as const;
  const businessOf = (request: FastifyRequest): string => callerOf(request).businessId;
  const ownNumber = async (request: FastifyRequest, phoneNumberId: string): Promise<void> => {
    if ((await simulator.numberOwner(phoneNumberId)) !== businessOf(request)) throw unknownNumber(phoneNumberId);
  };
  const ownMessage = async (request: FastifyRequest, messageId: string): Promise<boolean> => (await simulator.messageOwner(messageId)) === businessOf(request);
  const waIdOf = async (request: FastifyRequest & { params: { phone: string } }): Promise<string> => (await simulator.getUser(businessOf(request), request.params.phone)).wa_id;

  app.get('/clock', { config: read, schema: { tags, summary: 'The sandbox clock (the deployment’s, shared by every business)' } }, async () => ({ now: Math.floor(clock.now() / 1000) }));
  app.post<{ Body: Static<typeof Advance> }>(
    '/clock/advance',
    { config: manage, schema: { body: Advance, tags, summary: 'Advance the sandbox clock: time moves for every business of the deployment' } },
    async (request) => ({ now: Math.floor((await advanceSandboxClock(store, clock, request.body.seconds)) / 1000) }),
  );

  app.get<{ Querystring: Static<typeof WithNumber> }>(
    '/verification_codes',
    { config: read, schema: { querystring: WithNumber, tags, summary: 'Codes sent to a number by request_code, newest first' } },
    async (request) => {
      await ownNumber(request, request.query.phone_number_id);
      return { data: await simulator.verificationCodes(request.query.phone_number_id) };
    },
  );
  const Throughput = Type.Object({ level: Type.Union([Type.Literal('HIGH'), Type.Literal('STANDARD')]) });
  app.post<{ Params: { id: string }; Body: Static<typeof Throughput> }>(
    '/numbers/:id/throughput',
    { config: manage, schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d+$' }) }), body: Throughput, tags, summary: 'Set a number’s throughput level (HIGH: 1,000 messages a second)' } },
    async (request) => {
      await ownNumber(request, request.params.id);
      await simulator.setThroughput(request.params.id, request.body.level);
      return { success: true };
    },
  );
  const Limit = Type.Object({ tier: Type.Union(tiers.map((t) => Type.Literal(t))) });
  app.post<{ Params: { id: string }; Body: Static<typeof Limit> }>(
    '/businesses/:id/messaging_limit',
    { config: manage, schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d+$' }) }), body: Limit, tags, summary: 'Set your business portfolio’s messaging limit (TIER_250 … TIER_UNLIMITED)' } },
    async (request) => {
      if (request.params.id !== businessOf(request)) throw invalidParameter(`business ${request.params.id} does not exist on the platform`);
      await simulator.setMessagingLimit(request.params.id, request.body.tier);
      return { success: true };
    },
  );
  app.get('/magic-numbers', { config: read, schema: { tags } }, async () => ({
    data: Object.entries(magicNumbers).map(([last4, m]) => ({ phone: `+1555000${last4}`, summary: m.summary })),
  }));

  app.get('/users', { config: read, schema: { tags, summary: 'Your sandbox’s simulated users, newest first' } }, async (request) => ({ data: await simulator.listUsers(businessOf(request)) }));
  app.post<{ Body: Static<typeof NewUser> }>('/users', { config: act, schema: { body: NewUser, tags, summary: 'Create or update a simulated user of your sandbox' } }, async (request) =>
    simulator.createUser({
      businessId: businessOf(request),
      phone: request.body.phone,
      ...(request.body.profile_name ? { profileName: request.body.profile_name } : {}),
      ...(request.body.behaviour ? { behaviour: request.body.behaviour } : {}),
    }),
  );
  app.get<{ Params: Static<typeof Phone> }>('/users/:phone', { config: read, schema: { params: Phone, tags } }, async (request) => simulator.getUser(businessOf(request), request.params.phone));

  app.get<{ Params: Static<typeof Phone>; Querystring: Static<typeof WithNumber> }>(
    '/users/:phone/chat',
    { config: read, schema: { params: Phone, querystring: WithNumber, tags, summary: "What the user's phone shows in the chat with a business number" } },
    async (request) => {
      await ownNumber(request, request.query.phone_number_id);
      return simulator.chat(await waIdOf(request), request.query.phone_number_id, publicUrl ?? `${request.protocol}://${request.host}`);
    },
  );

  app.get<{ Params: Static<typeof MessageId> }>(
    '/media/:messageId',
    { config: read, schema: { params: MessageId, tags, summary: 'The file of a media message, as the phone shows it' } },
    async (request, reply) => {
      const found = (await ownMessage(request, request.params.messageId)) ? await simulator.messageMedia(request.params.messageId) : undefined;
      if (!found) {
        const error = new GraphError('objectNotFound', `Message ${request.params.messageId} has no file the platform still holds`);
        return reply.code(404).type('application/json; charset=utf-8').send(error.toBody());
      }
      return reply.header('content-type', found.media.mimeType).header('content-length', String(found.media.fileSize)).send(found.stream);
    },
  );

  app.post<{ Body: Static<typeof UserSends> }>(
    '/messages',
    { config: act, bodyLimit: USER_MESSAGE_BODY_LIMIT, schema: { body: UserSends, tags, summary: 'A simulated user sends a message to a business number' } },
    async (request) => {
      const { from, to } = request.body;
      await ownNumber(request, to);
      const waId = parseInternational(from)?.digits;
      // An unreadable `from` is the platform's to refuse, with its own words.
      const message = waId ? await checkUserMessage({ store, waId, phoneNumberId: to, message: request.body.message }) : request.body.message;
      return simulator.userSends({ from, phoneNumberId: to, message });
    },
  );

  app.post<{ Params: Static<typeof Phone>; Body: Static<typeof ReadBody> }>(
    '/users/:phone/read',
    { config: act, schema: { params: Phone, body: ReadBody, tags, summary: 'The user reads a business message' } },
    async (request) => {
      const waId = await waIdOf(request);
      if (!(await ownMessage(request, request.body.message_id))) throw notInChat(request.body.message_id);
      await simulator.userReads(waId, request.body.message_id);
      return { success: true };
    },
  );

  app.post<{ Params: Static<typeof Phone>; Body: Static<typeof TapBody> }>(
    '/users/:phone/tap',
    { config: act, schema: { params: Phone, body: TapBody, tags, summary: 'The user taps a quick-reply button of a template message' } },
    async (request) => {
      const waId = await waIdOf(request);
      if (!(await ownMessage(request, request.body.message_id))) throw notInChat(request.body.message_id);
      return simulator.userTaps(waId, request.body.message_id, request.body.button_index);
    },
  );
  app.post<{ Params: Static<typeof Phone>; Body: Static<typeof Report> }>(
    '/users/:phone/report',
    { config: act, schema: { params: Phone, body: Report, tags, summary: 'The user reports (and so blocks) the business' } },
    async (request) => {
      const waId = await waIdOf(request);
      await ownNumber(request, request.body.phone_number_id);
      await simulator.report(waId, request.body.phone_number_id, request.body.reason ?? 'spam');
      return { success: true };
    },
  );

  for (const [action, blocked] of [['block', true], ['unblock', false]] as const) {
    app.post<{ Params: Static<typeof Phone>; Body: Static<typeof WithNumber> }>(`/users/:phone/${action}`, { config: act, schema: { params: Phone, body: WithNumber, tags } }, async (request) => {
      const waId = await waIdOf(request);
      await ownNumber(request, request.body.phone_number_id);
      await simulator.setBlocked(waId, request.body.phone_number_id, blocked);
      return { success: true };
    });
  }
}
