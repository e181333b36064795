import type {} from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { SandboxClock } from '../../core/clock.js';
import { GraphError } from '../../core/graph-errors.js';
import { parseInternational } from '../../core/phone.js';
import type { Store } from '../../store/database.js';
import { advanceSandboxClock } from './clock.js';
import { tiers } from './limits.js';
import { magicNumbers } from './model.js';
import type { SimulatorPlatform } from './platform.js';
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

/** Users send files inline as base64: room for a 16 MB video, well past the 1 MiB other routes take. */
const USER_MESSAGE_BODY_LIMIT = 24 * 1024 * 1024;

/** The sandbox's window on Meta's side: users, their phones and the clock (`/simulator/…`, no auth, sandbox only). */
export function registerSimulatorRoutes(app: FastifyInstance, options: { store: Store; clock: SandboxClock; simulator: SimulatorPlatform; publicUrl?: string | undefined }): void {
  const { store, clock, simulator, publicUrl } = options;
  const tags = ['Simulator'];

  app.get('/clock', { schema: { tags, summary: 'The sandbox clock' } }, async () => ({ now: Math.floor(clock.now() / 1000) }));
  app.post<{ Body: Static<typeof Advance> }>('/clock/advance', { schema: { body: Advance, tags, summary: 'Advance the sandbox clock' } }, async (request) => ({
    now: Math.floor((await advanceSandboxClock(store, clock, request.body.seconds)) / 1000),
  }));

  app.get<{ Querystring: Static<typeof WithNumber> }>('/verification_codes', { schema: { querystring: WithNumber, tags, summary: 'Codes sent to a number by request_code, newest first' } }, async (request) => ({
    data: await simulator.verificationCodes(request.query.phone_number_id),
  }));
  const Throughput = Type.Object({ level: Type.Union([Type.Literal('HIGH'), Type.Literal('STANDARD')]) });
  app.post<{ Params: { id: string }; Body: Static<typeof Throughput> }>(
    '/numbers/:id/throughput',
    { schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d+$' }) }), body: Throughput, tags, summary: 'Set a number’s throughput level (HIGH: 1,000 messages a second)' } },
    async (request) => {
      await simulator.setThroughput(request.params.id, request.body.level);
      return { success: true };
    },
  );
  const Limit = Type.Object({ tier: Type.Union(tiers.map((t) => Type.Literal(t))) });
  app.post<{ Params: { id: string }; Body: Static<typeof Limit> }>(
    '/businesses/:id/messaging_limit',
    { schema: { params: Type.Object({ id: Type.String({ pattern: '^\\d+$' }) }), body: Limit, tags, summary: 'Set a business portfolio’s messaging limit (TIER_250 … TIER_UNLIMITED)' } },
    async (request) => {
      await simulator.setMessagingLimit(request.params.id, request.body.tier);
      return { success: true };
    },
  );
  app.get('/magic-numbers', { schema: { tags } }, async () => ({
    data: Object.entries(magicNumbers).map(([last4, m]) => ({ phone: `+1555000${last4}`, summary: m.summary })),
  }));

  app.get('/users', { schema: { tags } }, async () => ({ data: await simulator.listUsers() }));
  app.post<{ Body: Static<typeof NewUser> }>('/users', { schema: { body: NewUser, tags, summary: 'Create or update a simulated user' } }, async (request) =>
    simulator.createUser({ phone: request.body.phone, ...(request.body.profile_name ? { profileName: request.body.profile_name } : {}), ...(request.body.behaviour ? { behaviour: request.body.behaviour } : {}) }),
  );
  app.get<{ Params: Static<typeof Phone> }>('/users/:phone', { schema: { params: Phone, tags } }, async (request) => simulator.getUser(request.params.phone));

  app.get<{ Params: Static<typeof Phone>; Querystring: Static<typeof WithNumber> }>(
    '/users/:phone/chat',
    { schema: { params: Phone, querystring: WithNumber, tags, summary: "What the user's phone shows in the chat with a business number" } },
    async (request) => simulator.chat((await simulator.getUser(request.params.phone)).wa_id, request.query.phone_number_id, publicUrl ?? `${request.protocol}://${request.host}`),
  );

  app.get<{ Params: Static<typeof MessageId> }>(
    '/media/:messageId',
    { schema: { params: MessageId, tags, summary: 'The file of a media message, as the phone shows it' } },
    async (request, reply) => {
      const found = await simulator.messageMedia(request.params.messageId);
      if (!found) {
        const error = new GraphError('objectNotFound', `Message ${request.params.messageId} has no file the platform still holds`);
        return reply.code(404).type('application/json; charset=utf-8').send(error.toBody());
      }
      return reply.header('content-type', found.media.mimeType).header('content-length', String(found.media.fileSize)).send(found.stream);
    },
  );

  app.post<{ Body: Static<typeof UserSends> }>('/messages', { bodyLimit: USER_MESSAGE_BODY_LIMIT, schema: { body: UserSends, tags, summary: 'A simulated user sends a message to a business number' } }, async (request) => {
    const { from, to } = request.body;
    const waId = parseInternational(from)?.digits;
    // An unreadable `from` is the platform's to refuse, with its own words.
    const message = waId ? await checkUserMessage({ store, waId, phoneNumberId: to, message: request.body.message }) : request.body.message;
    return simulator.userSends({ from, phoneNumberId: to, message });
  });

  app.post<{ Params: Static<typeof Phone>; Body: Static<typeof ReadBody> }>('/users/:phone/read', { schema: { params: Phone, body: ReadBody, tags, summary: 'The user reads a business message' } }, async (request) => {
    await simulator.userReads((await simulator.getUser(request.params.phone)).wa_id, request.body.message_id);
    return { success: true };
  });

  app.post<{ Params: Static<typeof Phone>; Body: Static<typeof TapBody> }>('/users/:phone/tap', { schema: { params: Phone, body: TapBody, tags, summary: 'The user taps a quick-reply button of a template message' } }, async (request) =>
    simulator.userTaps((await simulator.getUser(request.params.phone)).wa_id, request.body.message_id, request.body.button_index),
  );
  app.post<{ Params: Static<typeof Phone>; Body: Static<typeof Report> }>('/users/:phone/report', { schema: { params: Phone, body: Report, tags, summary: 'The user reports (and so blocks) the business' } }, async (request) => {
    await simulator.report((await simulator.getUser(request.params.phone)).wa_id, request.body.phone_number_id, request.body.reason ?? 'spam');
    return { success: true };
  });

  for (const [action, blocked] of [['block', true], ['unblock', false]] as const) {
    app.post<{ Params: Static<typeof Phone>; Body: Static<typeof WithNumber> }>(`/users/:phone/${action}`, { schema: { params: Phone, body: WithNumber, tags } }, async (request) => {
      await simulator.setBlocked((await simulator.getUser(request.params.phone)).wa_id, request.body.phone_number_id, blocked);
      return { success: true };
    });
  }
}
