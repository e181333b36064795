import type {} from '@fastify/swagger';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { currentUser, requireConsole } from '../accounts/console-auth.js';
import { asMemberId } from '../core/brand.js';
import { messageTypes } from '../rules/messages/validate.js';
import { registerInboxMediaRoutes } from './media-routes.js';
import { conversationSorts, conversationStatuses } from './model.js';
import type { InboxService } from './service.js';
import type { InboxTeam } from './team-service.js';

const literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 100 }));
const MemberRef = Type.String({ pattern: '^\\d{1,30}$' });
const ListQuery = Type.Object({
  status: Type.Optional(literals(conversationStatuses)),
  assignee: Type.Optional(Type.Union([Type.Literal('me'), Type.Literal('unassigned'), MemberRef], { description: 'me, unassigned or a member id' })),
  label: Type.Optional(Type.String({ maxLength: 50 })),
  number: Type.Optional(Type.String({ pattern: '^\\d{1,30}$', description: 'a business phone-number id' })),
  sort: Type.Optional(literals(conversationSorts)),
  limit: Limit,
  after: Type.Optional(Type.String({ maxLength: 200 })),
});
const Page = Type.Object({ limit: Limit, before: Type.Optional(Type.String({ maxLength: 1000 })) });
const Id = Type.Object({ id: Type.String({ maxLength: 30 }) });
const Contact = Type.Object({ wa_id: Type.String({ maxLength: 20 }) });
const ContactLabel = Type.Object({ wa_id: Type.String({ maxLength: 20 }), label: Type.String({ maxLength: 100 }) });
/** One object per message type, as in `POST /{phone-number-id}/messages`; MessagingService validates them (src/messaging/validate*.ts). */
const content = (description: string) => Type.Optional(Type.Object({}, { additionalProperties: true, description }));
const SendBody = Type.Object(
  {
    type: Type.Optional(Type.String({ maxLength: 40, description: messageTypes.join(', ') })),
    context: Type.Optional(Type.Object({ message_id: Type.String({ maxLength: 400 }) }, { additionalProperties: true, description: 'a reply quoting this message of the conversation' })),
    text: content('{body, preview_url}'),
    image: content('{id (from …/media) or link, caption}'),
    video: content('{id or link, caption}'),
    audio: content('{id or link}'),
    document: content('{id or link, caption, filename}'),
    sticker: content('{id or link}'),
    reaction: content('{message_id (of this conversation), emoji}; "" removes the reaction'),
    interactive: content('reply buttons (type button, up to 3) or a list (type list, sections of rows)'),
    template: content('{name, language, components}: the only type that goes outside the 24-hour window'),
  },
  { additionalProperties: true, description: 'a Cloud API message body; `to` is the conversation’s customer' },
);
const Typing = Type.Object({ typing: Type.Optional(Type.Boolean()) });
const StatusBody = Type.Object({ status: literals(conversationStatuses), snoozed_until: Type.Optional(Type.Integer({ minimum: 0, description: 'unix seconds, with status snoozed' })) });
const AssignBody = Type.Object({ member_id: Type.Union([MemberRef, Type.Null()]) });
const TransferBody = Type.Object({ member_id: MemberRef });
const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 4000 }) });
const LabelBody = Type.Object({ label: Type.String({ minLength: 1, maxLength: 100 }) });
const NewCanned = Type.Object({ shortcut: Type.String({ minLength: 1, maxLength: 32 }), text: Type.String({ minLength: 1, maxLength: 4096 }) });
const CannedChange = Type.Object({ shortcut: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })), text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) });
const Settings = Type.Object({ auto_assign: Type.Boolean() });

/** A route's generic from its schemas (`undefined` where it has none). */
type Route<P extends TSchema | undefined, B extends TSchema | undefined = undefined, Q extends TSchema | undefined = undefined> = {
  Params: P extends TSchema ? Static<P> : unknown;
  Body: B extends TSchema ? Static<B> : unknown;
  Querystring: Q extends TSchema ? Static<Q> : unknown;
};

/** The shared inbox's console API (`/console/api/inbox/…`); the live stream is in stream.ts. */
export function registerInboxRoutes(app: FastifyInstance, options: { inbox: InboxService; team: InboxTeam }): void {
  const { inbox, team } = options;
  const tags = ['Console: inbox'];
  const use = requireConsole('inbox.use');
  const conv = (path: string) => `/inbox/conversations/:id${path}`;

  app.get<Route<undefined, undefined, typeof ListQuery>>('/inbox/conversations', { schema: { querystring: ListQuery, tags, summary: 'Conversations, by last activity or by time left in the window' }, preHandler: use }, async (request) => {
    const { limit, sort, number, ...rest } = request.query;
    return inbox.list(currentUser(request), { ...rest, ...(number ? { phoneNumberId: number } : {}), sort: sort ?? 'activity', limit: limit ?? 25 });
  });
  app.get<Route<typeof Id>>(conv(''), { schema: { params: Id, tags }, preHandler: use }, async (request) => inbox.get(currentUser(request), request.params.id));
  app.get<Route<typeof Id, undefined, typeof Page>>(conv('/timeline'), { schema: { params: Id, querystring: Page, tags, summary: 'Messages and notes, newest first' }, preHandler: use }, async (request) =>
    inbox.timeline(currentUser(request), request.params.id, { limit: request.query.limit ?? 50, ...(request.query.before ? { before: request.query.before } : {}) }),
  );
  app.post<Route<typeof Id, typeof SendBody>>(conv('/messages'), { schema: { params: Id, body: SendBody, tags, summary: 'Answer the customer (Cloud API body); 131047 up front when the window is closed' }, preHandler: use }, async (request) =>
    inbox.send(currentUser(request), request.params.id, request.body),
  );
  registerInboxMediaRoutes(app, { inbox });
  app.post<Route<typeof Id, typeof Typing>>(conv('/typing'), { schema: { params: Id, body: Typing, tags, summary: 'Mark yourself composing (~10 s) so others see it; {"typing":false} lifts it' }, preHandler: use }, async (request) =>
    inbox.typing(currentUser(request), request.params.id, request.body.typing ?? true),
  );
  app.post<Route<typeof Id>>(conv('/read'), { schema: { params: Id, tags, summary: 'Read: unread to zero, blue ticks for the customer' }, preHandler: use }, async (request) => inbox.markRead(currentUser(request), request.params.id));
  app.post<Route<typeof Id, typeof StatusBody>>(conv('/status'), { schema: { params: Id, body: StatusBody, tags }, preHandler: use }, async (request) => {
    const { status, snoozed_until } = request.body;
    return inbox.setStatus(currentUser(request), request.params.id, { status, ...(snoozed_until !== undefined ? { snoozedUntil: snoozed_until * 1000 } : {}) });
  });
  app.post<Route<typeof Id, typeof AssignBody>>(conv('/assign'), { schema: { params: Id, body: AssignBody, tags, summary: 'Assign to a member (null unassigns)' }, preHandler: use }, async (request) => {
    const to = request.body.member_id;
    return inbox.assign(currentUser(request), request.params.id, to === null ? { kind: 'unassign' } : { kind: 'assign', to: asMemberId(to) });
  });
  app.post<Route<typeof Id>>(conv('/claim'), { schema: { params: Id, tags, summary: 'Take an unassigned conversation' }, preHandler: use }, async (request) => inbox.assign(currentUser(request), request.params.id, { kind: 'claim' }));
  app.post<Route<typeof Id, typeof TransferBody>>(conv('/transfer'), { schema: { params: Id, body: TransferBody, tags }, preHandler: use }, async (request) =>
    inbox.assign(currentUser(request), request.params.id, { kind: 'transfer', to: asMemberId(request.body.member_id) }),
  );
  app.post<Route<typeof Id>>(conv('/unassign'), { schema: { params: Id, tags }, preHandler: use }, async (request) => inbox.assign(currentUser(request), request.params.id, { kind: 'unassign' }));
  app.post<Route<typeof Id, typeof NoteBody>>(conv('/notes'), { schema: { params: Id, body: NoteBody, tags, summary: 'A private note; @handle mentions a member' }, preHandler: use }, async (request) =>
    team.addNote(currentUser(request), request.params.id, request.body.body),
  );

  app.get<Route<undefined, undefined, typeof Page>>('/inbox/mentions', { schema: { querystring: Page, tags, summary: 'Notes that mention you, newest first' }, preHandler: use }, async (request) =>
    team.mentions(currentUser(request), { limit: request.query.limit ?? 25, ...(request.query.before ? { before: request.query.before } : {}) }),
  );
  app.get('/inbox/labels', { schema: { tags, summary: 'Contact labels with how many contacts carry each' }, preHandler: use }, async (request) => team.labels(currentUser(request)));
  app.get<Route<typeof Contact>>('/inbox/contacts/:wa_id', { schema: { params: Contact, tags }, preHandler: use }, async (request) => team.contact(currentUser(request), request.params.wa_id));
  app.post<Route<typeof Contact, typeof LabelBody>>('/inbox/contacts/:wa_id/labels', { schema: { params: Contact, body: LabelBody, tags }, preHandler: use }, async (request) =>
    team.label(currentUser(request), { waId: request.params.wa_id, label: request.body.label, add: true }),
  );
  app.delete<Route<typeof ContactLabel>>('/inbox/contacts/:wa_id/labels/:label', { schema: { params: ContactLabel, tags }, preHandler: use }, async (request) =>
    team.label(currentUser(request), { waId: request.params.wa_id, label: request.params.label, add: false }),
  );

  app.get('/inbox/canned-replies', { schema: { tags }, preHandler: use }, async (request) => team.cannedReplies(currentUser(request)));
  app.post<Route<undefined, typeof NewCanned>>('/inbox/canned-replies', { schema: { body: NewCanned, tags }, preHandler: use }, async (request) => team.createCanned(currentUser(request), request.body));
  app.patch<Route<typeof Id, typeof CannedChange>>('/inbox/canned-replies/:id', { schema: { params: Id, body: CannedChange, tags }, preHandler: use }, async (request) =>
    team.updateCanned(currentUser(request), request.params.id, request.body),
  );
  app.delete<Route<typeof Id>>('/inbox/canned-replies/:id', { schema: { params: Id, tags }, preHandler: use }, async (request) => team.deleteCanned(currentUser(request), request.params.id));

  app.get('/inbox/settings', { schema: { tags }, preHandler: use }, async (request) => team.settings(currentUser(request)));
  app.patch<Route<undefined, typeof Settings>>('/inbox/settings', { schema: { body: Settings, tags, summary: 'Auto-assignment on or off (admins)' }, preHandler: requireConsole('members.manage') }, async (request) =>
    team.changeSettings(currentUser(request), { autoAssign: request.body.auto_assign }),
  );
  app.get('/inbox/agents', { schema: { tags, summary: 'Members who can use the inbox, and who is online' }, preHandler: use }, async (request) => {
    const user = currentUser(request);
    const online = new Set(inbox.heartbeat(user).online);
    return { data: (await inbox.agents(user.businessId)).map((m) => ({ id: m.id, name: m.name, email: m.email, role: m.role, online: online.has(m.id) })) };
  });
  app.post('/inbox/presence', { schema: { tags, summary: 'Heartbeat: online for a minute (an open live stream counts too)' }, preHandler: use }, async (request) => inbox.heartbeat(currentUser(request)));
}
