import type {} from '@fastify/swagger';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { asAppId, asMemberId, asSystemUserId, asTokenId } from '../core/brand.js';
import { clearSessionCookie, currentUser, requireConsole, SESSION_COOKIE, setSessionCookie } from './console-auth.js';
import { memberRoles, systemUserRoles, tokenScopes, webhookFields } from './model.js';
import { presentApp, presentConsoleUser, presentMember, presentSystemUser, presentToken } from './presenters.js';
import type { AccountsService } from './service.js';

const Login = Type.Object({ email: Type.String({ maxLength: 320 }), password: Type.String({ maxLength: 1024 }) });
const NewMember = Type.Object({
  email: Type.String({ maxLength: 320 }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  role: Type.Union(memberRoles.map((r) => Type.Literal(r))),
  password: Type.Optional(Type.String({ minLength: 8, maxLength: 1024 })),
});
const RoleChange = Type.Object({ role: Type.Union(memberRoles.map((r) => Type.Literal(r))) });
const NewSystemUser = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: Type.Optional(Type.Union(systemUserRoles.map((r) => Type.Literal(r)))),
  waba_ids: Type.Optional(Type.Array(Type.String({ pattern: '^\\d+$' }), { maxItems: 100 })),
});
const Assets = Type.Object({ waba_ids: Type.Array(Type.String({ pattern: '^\\d+$' }), { minItems: 1, maxItems: 100 }) });
const NewToken = Type.Object({
  app_id: Type.String({ pattern: '^\\d+$' }),
  scopes: Type.Array(Type.Union(tokenScopes.map((s) => Type.Literal(s))), { minItems: 1 }),
  expires_in: Type.Optional(Type.Integer({ minimum: 60 })),
  label: Type.Optional(Type.String({ maxLength: 100 })),
});
const Field = Type.Union(webhookFields.map((f) => Type.Literal(f)));
const NewApp = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  callback_url: Type.Optional(Type.String({ maxLength: 2048 })),
  verify_token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  subscribed_fields: Type.Optional(Type.Array(Field)),
});
const AppChange = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  callback_url: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
  verify_token: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  subscribed_fields: Type.Optional(Type.Array(Field)),
  /** The Graph version webhooks are shaped for, e.g. `v23.0` (v24+ omit `conversation` outside free entry points). */
  webhook_version: Type.Optional(Type.String({ maxLength: 10 })),
  rotate_secret: Type.Optional(Type.Boolean()),
});
const IdParam = Type.Object({ id: Type.String({ pattern: '^\\d+$' }) });

/** The console API for a business's people, system users, tokens and apps (`/console/api/…`). */
export function registerAccountsRoutes(app: FastifyInstance, options: { accounts: AccountsService; secureCookies: boolean }): void {
  const { accounts, secureCookies } = options;
  const tags = ['Console: accounts'];

  app.post<{ Body: Static<typeof Login> }>('/session', { schema: { body: Login, tags, summary: 'Sign in' } }, async (request, reply) => {
    const { sessionId, user } = await accounts.login(request.body.email, request.body.password);
    setSessionCookie(reply, sessionId, secureCookies);
    return { user: presentConsoleUser(user) };
  });

  app.delete('/session', { schema: { tags, summary: 'Sign out' }, preHandler: requireConsole() }, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await accounts.logout(sessionId);
    clearSessionCookie(reply);
    return { success: true };
  });

  app.get('/me', { schema: { tags, summary: 'The signed-in member' }, preHandler: requireConsole() }, async (request) => {
    const user = currentUser(request);
    const business = await accounts.getBusiness(user.businessId);
    return { user: presentConsoleUser(user), business: business && { id: business.id, name: business.name, verification_status: business.verificationStatus } };
  });

  app.get('/members', { schema: { tags }, preHandler: requireConsole('members.manage') }, async (request) => {
    return { data: (await accounts.listMembers(currentUser(request).businessId)).map(presentMember) };
  });

  app.post<{ Body: Static<typeof NewMember> }>('/members', { schema: { body: NewMember, tags }, preHandler: requireConsole('members.manage') }, async (request) => {
    const { member, password } = await accounts.addMember({ businessId: currentUser(request).businessId, ...request.body });
    // A generated password is shown once, to the Admin who added the member.
    return { ...presentMember(member), ...(request.body.password ? {} : { password }) };
  });

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof RoleChange> }>(
    '/members/:id',
    { schema: { params: IdParam, body: RoleChange, tags }, preHandler: requireConsole('members.manage') },
    async (request) => presentMember(await accounts.changeMemberRole(currentUser(request).businessId, asMemberId(request.params.id), request.body.role)),
  );

  app.delete<{ Params: Static<typeof IdParam> }>('/members/:id', { schema: { params: IdParam, tags }, preHandler: requireConsole('members.manage') }, async (request) => {
    await accounts.removeMember(currentUser(request).businessId, asMemberId(request.params.id));
    return { success: true };
  });

  app.get('/system-users', { schema: { tags }, preHandler: requireConsole('tokens.manage') }, async (request) => {
    return { data: (await accounts.listSystemUsers(currentUser(request).businessId)).map(presentSystemUser) };
  });

  app.post<{ Body: Static<typeof NewSystemUser> }>('/system-users', { schema: { body: NewSystemUser, tags }, preHandler: requireConsole('tokens.manage') }, async (request) => {
    const { name, role, waba_ids } = request.body;
    const user = await accounts.createSystemUser({ businessId: currentUser(request).businessId, name, ...(role ? { role } : {}), ...(waba_ids ? { wabaIds: waba_ids } : {}) });
    return presentSystemUser(user);
  });

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof Assets> }>(
    '/system-users/:id/assets',
    { schema: { params: IdParam, body: Assets, tags, summary: 'Assign WABAs to a system user' }, preHandler: requireConsole('tokens.manage') },
    async (request) => {
      await accounts.assignWabas(currentUser(request).businessId, asSystemUserId(request.params.id), request.body.waba_ids);
      return { success: true };
    },
  );

  app.post<{ Params: Static<typeof IdParam>; Body: Static<typeof NewToken> }>(
    '/system-users/:id/tokens',
    { schema: { params: IdParam, body: NewToken, tags, summary: 'Issue an access token (shown once)' }, preHandler: requireConsole('tokens.manage') },
    async (request) => {
      const { app_id, scopes, expires_in, label } = request.body;
      const { token, info } = await accounts.issueToken({
        businessId: currentUser(request).businessId,
        systemUserId: asSystemUserId(request.params.id),
        appId: asAppId(app_id),
        scopes,
        ...(expires_in !== undefined ? { expiresInSeconds: expires_in } : {}),
        ...(label !== undefined ? { label } : {}),
      });
      return { access_token: token, ...presentToken(info) };
    },
  );

  app.get('/tokens', { schema: { tags }, preHandler: requireConsole('tokens.manage') }, async (request) => {
    return { data: (await accounts.listTokens(currentUser(request).businessId)).map(presentToken) };
  });

  app.delete<{ Params: Static<typeof IdParam> }>('/tokens/:id', { schema: { params: IdParam, tags, summary: 'Revoke a token' }, preHandler: requireConsole('tokens.manage') }, async (request) => {
    await accounts.revokeToken(currentUser(request).businessId, asTokenId(request.params.id));
    return { success: true };
  });

  app.get('/apps', { schema: { tags }, preHandler: requireConsole('apps.manage') }, async (request) => {
    return { data: (await accounts.listApps(currentUser(request).businessId)).map((a) => presentApp(a)) };
  });

  app.post<{ Body: Static<typeof NewApp> }>('/apps', { schema: { body: NewApp, tags }, preHandler: requireConsole('apps.manage') }, async (request) => {
    const { name, callback_url, verify_token, subscribed_fields } = request.body;
    const created = await accounts.createApp({
      businessId: currentUser(request).businessId,
      name,
      ...(callback_url !== undefined ? { callbackUrl: callback_url } : {}),
      ...(verify_token !== undefined ? { verifyToken: verify_token } : {}),
      ...(subscribed_fields !== undefined ? { subscribedFields: subscribed_fields } : {}),
    });
    return presentApp(created, true);
  });

  app.patch<{ Params: Static<typeof IdParam>; Body: Static<typeof AppChange> }>(
    '/apps/:id',
    { schema: { params: IdParam, body: AppChange, tags }, preHandler: requireConsole('apps.manage') },
    async (request) => {
      const { name, callback_url, verify_token, subscribed_fields, webhook_version, rotate_secret } = request.body;
      const updated = await accounts.updateApp(currentUser(request).businessId, asAppId(request.params.id), {
        ...(name !== undefined ? { name } : {}),
        ...(callback_url !== undefined ? { callbackUrl: callback_url } : {}),
        ...(verify_token !== undefined ? { verifyToken: verify_token } : {}),
        ...(subscribed_fields !== undefined ? { subscribedFields: subscribed_fields } : {}),
        ...(webhook_version !== undefined ? { webhookVersion: webhook_version } : {}),
        ...(rotate_secret ? { rotateSecret: true } : {}),
      });
      return presentApp(updated, rotate_secret === true);
    },
  );
}
