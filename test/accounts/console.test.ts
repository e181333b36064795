import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A signed-in console member: the cookie header to send back and the session's CSRF token. */
interface Session {
  readonly cookie: string;
  readonly csrf: string;
  readonly memberId: string;
  readonly role: string;
}

const uniqueEmail = (who: string): string => `${who}-${randomBytes(4).toString('hex')}@members.example`;

/** The `chatapp_session=…` pair of a response's Set-Cookie headers, ready for a Cookie header. */
function sessionCookie(res: LightMyRequestResponse): { pair: string; attributes: string[] } {
  const raw = res.headers['set-cookie'];
  const all = Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)];
  const line = all.find((c) => c.startsWith('chatapp_session='));
  if (!line) throw new Error(`no chatapp_session cookie in ${JSON.stringify(raw)}`);
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  return { pair: pair!, attributes };
}

/** Asserts a Graph error envelope with the given HTTP status, code and (optionally) subcode. */
function expectGraphError(res: LightMyRequestResponse, status: number, code: number, subcode?: number): void {
  expect(res.statusCode, res.body).toBe(status);
  const body = res.json() as { error: Record<string, unknown> };
  expect(body.error).toMatchObject({
    message: expect.any(String),
    type: expect.any(String),
    code,
    error_data: { details: expect.any(String) },
    fbtrace_id: expect.any(String),
  });
  if (subcode !== undefined) expect(body.error.error_subcode).toBe(subcode);
}

describe.each(databaseTargets)('console accounts API on $name', (target) => {
  let t: TestChatapp;

  beforeAll(async () => {
    t = await startTestChatapp(target);
  });

  afterAll(async () => {
    await t?.close();
  });

  const inject = (options: InjectOptions) => t.chatapp.app.inject(options);

  const signIn = (email: string, password: string) => inject({ method: 'POST', url: '/console/api/session', payload: { email, password } });

  async function login(email: string, password: string): Promise<Session> {
    const res = await signIn(email, password);
    expect(res.statusCode, res.body).toBe(200);
    const { user } = res.json() as { user: { member_id: string; csrf_token: string; role: string } };
    return { cookie: sessionCookie(res).pair, csrf: user.csrf_token, memberId: user.member_id, role: user.role };
  }

  /** A console request as `session`; changes carry the CSRF header unless `csrf` says otherwise. */
  function call(session: Session, method: Method, url: string, payload?: object, csrf: string | null = session.csrf) {
    const headers: Record<string, string> = { cookie: session.cookie };
    if (method !== 'GET' && csrf !== null) headers['x-csrf-token'] = csrf;
    return inject({ method, url, headers, ...(payload !== undefined ? { payload } : {}) });
  }

  async function adminOf(business: DemoFacts): Promise<Session> {
    return login(business.console.email, business.console.password);
  }

  /** Adds a member as `admin`, with a known password, and signs them in. */
  async function addMember(admin: Session, role: 'ADMIN' | 'ADVERTISER' | 'ANALYST'): Promise<Session & { email: string }> {
    const email = uniqueEmail(role.toLowerCase());
    const password = `pw-${randomBytes(8).toString('hex')}`;
    const res = await call(admin, 'POST', '/console/api/members', { email, role, password });
    expect(res.statusCode, res.body).toBe(200);
    return { ...(await login(email, password)), email };
  }

  async function firstAppId(admin: Session): Promise<string> {
    const res = await call(admin, 'GET', '/console/api/apps');
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { data: { id: string }[] }).data[0]!.id;
  }

  /** Creates a system user and issues it a token; returns the token in full and its id. */
  async function issueToken(
    admin: Session,
    options: { role?: 'ADMIN' | 'EMPLOYEE'; wabaIds?: string[]; scopes: string[]; expiresIn?: number },
  ): Promise<{ token: string; tokenId: string; systemUserId: string }> {
    const created = await call(admin, 'POST', '/console/api/system-users', {
      name: `su-${randomBytes(3).toString('hex')}`,
      role: options.role ?? 'EMPLOYEE',
      ...(options.wabaIds ? { waba_ids: options.wabaIds } : {}),
    });
    expect(created.statusCode, created.body).toBe(200);
    const systemUserId = (created.json() as { id: string }).id;
    const issued = await call(admin, 'POST', `/console/api/system-users/${systemUserId}/tokens`, {
      app_id: await firstAppId(admin),
      scopes: options.scopes,
      ...(options.expiresIn !== undefined ? { expires_in: options.expiresIn } : {}),
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const body = issued.json() as { access_token: string; id: string };
    return { token: body.access_token, tokenId: body.id, systemUserId };
  }

  const getWaba = (token: string, wabaId: string) => inject({ method: 'GET', url: `/v23.0/${wabaId}`, headers: bearer(token) });

  describe('signing in', () => {
    it('signs in with the right credentials and sets an HttpOnly, SameSite=Strict session cookie', async () => {
      const business = await t.business();
      const res = await signIn(business.console.email, business.console.password);
      expect(res.statusCode, res.body).toBe(200);
      const { pair, attributes } = sessionCookie(res);
      expect(pair).toMatch(/^chatapp_session=.+/);
      expect(attributes.map((a) => a.toLowerCase())).toContain('httponly');
      expect(attributes).toContain('SameSite=Strict');
      const { user } = res.json() as { user: { role: string; csrf_token: string; email: string; business_id: string } };
      expect(user.role).toBe('ADMIN');
      expect(user.csrf_token).toEqual(expect.any(String));
      expect(user.csrf_token.length).toBeGreaterThan(10);
      expect(user.email).toBe(business.console.email);
      expect(user.business_id).toBe(business.business_id);
    });

    it('refuses a wrong password with code 190', async () => {
      const business = await t.business();
      const res = await signIn(business.console.email, `${business.console.password}x`);
      expectGraphError(res, 401, 190);
      expect(res.headers['set-cookie']).toBeUndefined();
    });

    it('refuses an unknown email with the same answer as a wrong password', async () => {
      const res = await signIn(uniqueEmail('nobody'), 'whatever-password');
      expectGraphError(res, 401, 190);
      const wrong = await signIn((await t.business()).console.email, 'not-the-password');
      const a = (res.json() as { error: Record<string, unknown> }).error;
      const b = (wrong.json() as { error: Record<string, unknown> }).error;
      expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
      expect(a.message).toBe(b.message);
      expect((a.error_data as { details: string }).details).toBe((b.error_data as { details: string }).details);
    });

    it('answers /me with 401 code 190 without a session cookie', async () => {
      expectGraphError(await inject({ method: 'GET', url: '/console/api/me' }), 401, 190);
      expectGraphError(await inject({ method: 'GET', url: '/console/api/me', headers: { cookie: 'chatapp_session=forged' } }), 401, 190);
    });

    it('answers /me with the signed-in member when the cookie is sent', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const res = await call(admin, 'GET', '/console/api/me');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        user: { member_id: admin.memberId, email: business.console.email, role: 'ADMIN', business_id: business.business_id },
        business: { id: business.business_id },
      });
    });

    it('ends the session on sign-out', async () => {
      const admin = await adminOf(await t.business());
      expect((await call(admin, 'DELETE', '/console/api/session')).statusCode).toBe(200);
      expectGraphError(await call(admin, 'GET', '/console/api/me'), 401, 190);
    });

    it('keeps a session through a 30-day jump of the sandbox clock and ends it after 7 days of wall time', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      await t.advance(30 * 24 * 3600, business);
      const res = await call(admin, 'GET', '/console/api/me');
      expect(res.statusCode, res.body).toBe(200);
      expect((await call(admin, 'GET', '/console/api/members')).statusCode).toBe(200);
      // Sessions run on wall time: a week of it ends this one.
      t.wall.advance(7 * 24 * 3600 * 1000 + 1000);
      expectGraphError(await call(admin, 'GET', '/console/api/me'), 401, 190);
    });
  });

  describe('CSRF protection', () => {
    it('refuses a change without the x-csrf-token header with 403 code 200', async () => {
      const admin = await adminOf(await t.business());
      const payload = { email: uniqueEmail('csrf'), role: 'ANALYST' };
      expectGraphError(await call(admin, 'POST', '/console/api/members', payload, null), 403, 200);
    });

    it('refuses a change with a wrong x-csrf-token header with 403 code 200', async () => {
      const admin = await adminOf(await t.business());
      const analyst = await addMember(admin, 'ANALYST');
      expectGraphError(await call(admin, 'POST', '/console/api/members', { email: uniqueEmail('csrf'), role: 'ANALYST' }, 'wrong'), 403, 200);
      expectGraphError(await call(admin, 'PATCH', `/console/api/members/${analyst.memberId}`, { role: 'ADVERTISER' }, null), 403, 200);
      expectGraphError(await call(admin, 'DELETE', `/console/api/members/${analyst.memberId}`, undefined, 'wrong'), 403, 200);
      // Another session's CSRF token is wrong for this one.
      expectGraphError(await call(admin, 'DELETE', `/console/api/members/${analyst.memberId}`, undefined, analyst.csrf), 403, 200);
      // Nothing changed.
      const members = (await call(admin, 'GET', '/console/api/members')).json() as { data: { id: string; role: string }[] };
      expect(members.data.find((m) => m.id === analyst.memberId)?.role).toBe('ANALYST');
      expect(members.data).toHaveLength(2);
    });

    it('accepts POST, PATCH and DELETE with the right x-csrf-token header', async () => {
      const admin = await adminOf(await t.business());
      const added = await call(admin, 'POST', '/console/api/members', { email: uniqueEmail('ok'), role: 'ANALYST' });
      expect(added.statusCode, added.body).toBe(200);
      const id = (added.json() as { id: string }).id;
      const patched = await call(admin, 'PATCH', `/console/api/members/${id}`, { role: 'ADVERTISER' });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json()).toMatchObject({ id, role: 'ADVERTISER' });
      const deleted = await call(admin, 'DELETE', `/console/api/members/${id}`);
      expect(deleted.statusCode, deleted.body).toBe(200);
      expect(deleted.json()).toEqual({ success: true });
    });
  });

  describe('members and roles', () => {
    it('adds an Advertiser and an Analyst who can then sign in', async () => {
      const admin = await adminOf(await t.business());
      const advertiser = await addMember(admin, 'ADVERTISER');
      const analyst = await addMember(admin, 'ANALYST');
      expect(advertiser.role).toBe('ADVERTISER');
      expect(analyst.role).toBe('ANALYST');
      const list = (await call(admin, 'GET', '/console/api/members')).json() as { data: { id: string; email: string; role: string }[] };
      expect(list.data).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: advertiser.memberId, email: advertiser.email, role: 'ADVERTISER' }),
          expect.objectContaining({ id: analyst.memberId, email: analyst.email, role: 'ANALYST' }),
        ]),
      );
      expect(JSON.stringify(list)).not.toContain('password');
    });

    it('returns a generated password once when none is given, and that password signs in', async () => {
      const admin = await adminOf(await t.business());
      const email = uniqueEmail('generated');
      const res = await call(admin, 'POST', '/console/api/members', { email, role: 'ANALYST' });
      expect(res.statusCode, res.body).toBe(200);
      const { password, role } = res.json() as { password: string; role: string };
      expect(role).toBe('ANALYST');
      expect(password).toEqual(expect.any(String));
      expect(password.length).toBeGreaterThanOrEqual(8);
      const session = await login(email, password);
      expect(session.role).toBe('ANALYST');
      const list = await call(admin, 'GET', '/console/api/members');
      expect(list.body).not.toContain(password);
    });

    it('does not echo a password the Admin chose', async () => {
      const admin = await adminOf(await t.business());
      const res = await call(admin, 'POST', '/console/api/members', { email: uniqueEmail('chosen'), role: 'ADVERTISER', password: 'chosen-password-1' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).not.toHaveProperty('password');
      expect(res.body).not.toContain('chosen-password-1');
    });

    it('refuses an invalid email or role with code 100', async () => {
      const admin = await adminOf(await t.business());
      expectGraphError(await call(admin, 'POST', '/console/api/members', { email: 'not-an-email', role: 'ANALYST' }), 400, 100);
      expectGraphError(await call(admin, 'POST', '/console/api/members', { email: uniqueEmail('x'), role: 'OWNER' }), 400, 100);
    });

    it('forbids an Analyst from managing members, tokens and apps', async () => {
      const admin = await adminOf(await t.business());
      const analyst = await addMember(admin, 'ANALYST');
      for (const path of ['/console/api/members', '/console/api/tokens', '/console/api/apps', '/console/api/system-users']) {
        expectGraphError(await call(analyst, 'GET', path), 403, 200);
      }
      expectGraphError(await call(analyst, 'POST', '/console/api/members', { email: uniqueEmail('x'), role: 'ADMIN' }), 403, 200);
      expectGraphError(await call(analyst, 'PATCH', `/console/api/members/${analyst.memberId}`, { role: 'ADMIN' }), 403, 200);
      expect((await call(analyst, 'GET', '/console/api/me')).statusCode).toBe(200);
    });

    it('forbids an Advertiser from managing members, tokens and apps', async () => {
      const admin = await adminOf(await t.business());
      const advertiser = await addMember(admin, 'ADVERTISER');
      for (const path of ['/console/api/members', '/console/api/tokens', '/console/api/apps', '/console/api/system-users']) {
        expectGraphError(await call(advertiser, 'GET', path), 403, 200);
      }
      expectGraphError(await call(advertiser, 'POST', '/console/api/apps', { name: 'sneaky' }), 403, 200);
      expectGraphError(await call(advertiser, 'DELETE', `/console/api/members/${admin.memberId}`), 403, 200);
      expect((await call(advertiser, 'GET', '/console/api/me')).statusCode).toBe(200);
    });

    it('lets an Admin read members, tokens and apps', async () => {
      const admin = await adminOf(await t.business());
      for (const path of ['/console/api/members', '/console/api/tokens', '/console/api/apps', '/console/api/system-users']) {
        const res = await call(admin, 'GET', path);
        expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
        expect((res.json() as { data: unknown[] }).data.length).toBeGreaterThan(0);
      }
    });

    it('applies a role change to a member who is already signed in', async () => {
      const admin = await adminOf(await t.business());
      const member = await addMember(admin, 'ANALYST');
      expectGraphError(await call(member, 'GET', '/console/api/members'), 403, 200);
      expect((await call(admin, 'PATCH', `/console/api/members/${member.memberId}`, { role: 'ADMIN' })).statusCode).toBe(200);
      expect((await call(member, 'GET', '/console/api/members')).statusCode).toBe(200);
    });

    it('refuses to demote the last Admin', async () => {
      const admin = await adminOf(await t.business());
      await addMember(admin, 'ANALYST');
      for (const role of ['ADVERTISER', 'ANALYST']) {
        expectGraphError(await call(admin, 'PATCH', `/console/api/members/${admin.memberId}`, { role }), 400, 100);
      }
      const me = await call(admin, 'GET', '/console/api/me');
      expect(me.json()).toMatchObject({ user: { role: 'ADMIN' } });
    });

    it('refuses to remove the last Admin', async () => {
      const admin = await adminOf(await t.business());
      expectGraphError(await call(admin, 'DELETE', `/console/api/members/${admin.memberId}`), 400, 100);
      expect((await call(admin, 'GET', '/console/api/me')).statusCode).toBe(200);
    });

    it('demotes the first Admin once another member has been promoted to Admin', async () => {
      const admin = await adminOf(await t.business());
      const other = await addMember(admin, 'ADVERTISER');
      const promoted = await call(admin, 'PATCH', `/console/api/members/${other.memberId}`, { role: 'ADMIN' });
      expect(promoted.statusCode, promoted.body).toBe(200);
      expect(promoted.json()).toMatchObject({ id: other.memberId, role: 'ADMIN' });
      const demoted = await call(admin, 'PATCH', `/console/api/members/${admin.memberId}`, { role: 'ANALYST' });
      expect(demoted.statusCode, demoted.body).toBe(200);
      expect(demoted.json()).toMatchObject({ id: admin.memberId, role: 'ANALYST' });
      // Now the promoted member is the last Admin, and is protected in turn.
      expectGraphError(await call(other, 'PATCH', `/console/api/members/${other.memberId}`, { role: 'ANALYST' }), 400, 100);
      expectGraphError(await call(other, 'DELETE', `/console/api/members/${other.memberId}`), 400, 100);
    });

    it('signs a removed member out', async () => {
      const admin = await adminOf(await t.business());
      const member = await addMember(admin, 'ADVERTISER');
      expect((await call(admin, 'DELETE', `/console/api/members/${member.memberId}`)).statusCode).toBe(200);
      expectGraphError(await call(member, 'GET', '/console/api/me'), 401, 190);
      expectGraphError(await signIn(member.email, 'anything-at-all'), 401, 190);
    });

    it('stores passwords only as scrypt hashes', async () => {
      const admin = await adminOf(await t.business());
      const email = uniqueEmail('hashed');
      const password = `secret-${randomBytes(6).toString('hex')}`;
      expect((await call(admin, 'POST', '/console/api/members', { email, role: 'ANALYST', password })).statusCode).toBe(200);
      const row = await t.chatapp.store.db.selectFrom('members').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow();
      expect(row.password_hash.startsWith('scrypt$')).toBe(true);
      expect(row.password_hash).not.toContain(password);
      // Every member's stored password is a hash, the demo Admin's too.
      const all = await t.chatapp.store.db.selectFrom('members').select('password_hash').execute();
      for (const r of all) expect(r.password_hash.startsWith('scrypt$')).toBe(true);
    });
  });

  describe('asset isolation', () => {
    async function expectAssetsWork(business: DemoFacts, admin: Session): Promise<void> {
      const numbers = await inject({ method: 'GET', url: `/v23.0/${business.waba_id}/phone_numbers`, headers: bearer(business.access_token) });
      expect(numbers.statusCode, numbers.body).toBe(200);
      expect((numbers.json() as { data: { id: string }[] }).data.map((n) => n.id)).toContain(business.phone_number_id);
      const waba = await getWaba(business.access_token, business.waba_id);
      expect(waba.statusCode, waba.body).toBe(200);
      const tokens = await call(admin, 'GET', '/console/api/tokens');
      expect(tokens.statusCode, tokens.body).toBe(200);
      const data = (tokens.json() as { data: { hint: string; revoked_time: string | null }[] }).data;
      expect(data.some((tk) => tk.hint.endsWith(business.access_token.slice(-4)) && tk.revoked_time === null)).toBe(true);
    }

    it('keeps the business WABA, number and tokens working after a member is removed', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const member = await addMember(admin, 'ADMIN');
      // The member issued a token of their own; it belongs to the business, not to them.
      const issued = await issueToken(member, { role: 'EMPLOYEE', wabaIds: [business.waba_id], scopes: ['whatsapp_business_management'] });
      const removed = await call(admin, 'DELETE', `/console/api/members/${member.memberId}`);
      expect(removed.statusCode, removed.body).toBe(200);
      await expectAssetsWork(business, admin);
      expect((await getWaba(issued.token, business.waba_id)).statusCode).toBe(200);
      const list = (await call(admin, 'GET', '/console/api/members')).json() as { data: { id: string }[] };
      expect(list.data.map((m) => m.id)).not.toContain(member.memberId);
    });

    it('keeps the business WABA, number and tokens working after a member is demoted', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const member = await addMember(admin, 'ADMIN');
      const demoted = await call(admin, 'PATCH', `/console/api/members/${member.memberId}`, { role: 'ANALYST' });
      expect(demoted.statusCode, demoted.body).toBe(200);
      await expectAssetsWork(business, admin);
      // Even demoting the original Admin (now that another Admin exists) leaves the assets alone.
      const other = await addMember(admin, 'ADMIN');
      expect((await call(other, 'PATCH', `/console/api/members/${admin.memberId}`, { role: 'ADVERTISER' })).statusCode).toBe(200);
      await expectAssetsWork(business, other);
    });
  });

  describe('system users and tokens', () => {
    it('returns a new access token once and lists only its hint afterwards', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const created = await call(admin, 'POST', '/console/api/system-users', { name: 'Integration', role: 'EMPLOYEE', waba_ids: [business.waba_id] });
      expect(created.statusCode, created.body).toBe(200);
      const systemUser = created.json() as { id: string; role: string; waba_ids: string[] };
      expect(systemUser).toMatchObject({ role: 'EMPLOYEE', waba_ids: [business.waba_id] });
      const issued = await call(admin, 'POST', `/console/api/system-users/${systemUser.id}/tokens`, {
        app_id: await firstAppId(admin),
        scopes: ['whatsapp_business_messaging'],
      });
      expect(issued.statusCode, issued.body).toBe(200);
      const { access_token: token, id } = issued.json() as { access_token: string; id: string };
      expect(token.startsWith('EAA')).toBe(true);

      const tokens = await call(admin, 'GET', '/console/api/tokens');
      expect(tokens.statusCode).toBe(200);
      expect(tokens.body).not.toContain(token);
      expect(tokens.body).not.toContain(business.access_token);
      expect(tokens.body).not.toContain('access_token');
      const listed = (tokens.json() as { data: { id: string; hint: string; scopes: string[]; system_user_id: string }[] }).data.find((tk) => tk.id === id);
      expect(listed).toBeDefined();
      expect(listed!.hint.endsWith(token.slice(-4))).toBe(true);
      expect(listed!.hint.length).toBeLessThan(10);
      expect(listed).toMatchObject({ scopes: ['whatsapp_business_messaging'], system_user_id: systemUser.id });
    });

    it('answers code 10 to a token without the management permission', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const { token } = await issueToken(admin, { wabaIds: [business.waba_id], scopes: ['whatsapp_business_messaging'] });
      expectGraphError(await getWaba(token, business.waba_id), 403, 10);
    });

    it('lets a token with the management permission and the WABA assigned read the WABA', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const { token } = await issueToken(admin, { wabaIds: [business.waba_id], scopes: ['whatsapp_business_management'] });
      const res = await getWaba(token, business.waba_id);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: business.waba_id });
    });

    it('answers code 200 to an Employee system user without the WABA assigned', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const { token, systemUserId } = await issueToken(admin, { scopes: ['whatsapp_business_management', 'whatsapp_business_messaging'] });
      expectGraphError(await getWaba(token, business.waba_id), 403, 200);
      // Assigning the WABA afterwards grants access to the same token.
      const assigned = await call(admin, 'POST', `/console/api/system-users/${systemUserId}/assets`, { waba_ids: [business.waba_id] });
      expect(assigned.statusCode, assigned.body).toBe(200);
      expect((await getWaba(token, business.waba_id)).statusCode).toBe(200);
    });

    it('revokes a token so that it then gets 401 code 190', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const { token, tokenId } = await issueToken(admin, { wabaIds: [business.waba_id], scopes: ['whatsapp_business_management'] });
      expect((await getWaba(token, business.waba_id)).statusCode).toBe(200);
      const revoked = await call(admin, 'DELETE', `/console/api/tokens/${tokenId}`);
      expect(revoked.statusCode, revoked.body).toBe(200);
      expectGraphError(await getWaba(token, business.waba_id), 401, 190);
      const listed = (await call(admin, 'GET', '/console/api/tokens')).json() as { data: { id: string; revoked_time: string | null }[] };
      expect(listed.data.find((tk) => tk.id === tokenId)?.revoked_time).toEqual(expect.any(String));
      // The business's other token is untouched.
      expect((await getWaba(business.access_token, business.waba_id)).statusCode).toBe(200);
    });

    it('expires a token after its expires_in of wall time with code 190 and subcode 463, not after a jump of the sandbox clock', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const { token } = await issueToken(admin, { wabaIds: [business.waba_id], scopes: ['whatsapp_business_management'], expiresIn: 60 });
      expect((await getWaba(token, business.waba_id)).statusCode).toBe(200);
      // A day of sandbox clock is far past the minute, but the sandbox's time is not the token's.
      await t.advance(24 * 3600, business);
      expect((await getWaba(token, business.waba_id)).statusCode).toBe(200);
      t.wall.advance(61_000);
      expectGraphError(await getWaba(token, business.waba_id), 401, 190, 463);
      // A token without expiry keeps working.
      expect((await getWaba(business.access_token, business.waba_id)).statusCode).toBe(200);
    });

    it('refuses an expires_in under 60 seconds and an unknown scope with code 100', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const created = await call(admin, 'POST', '/console/api/system-users', { name: 'x', role: 'EMPLOYEE' });
      const id = (created.json() as { id: string }).id;
      const appId = await firstAppId(admin);
      expectGraphError(await call(admin, 'POST', `/console/api/system-users/${id}/tokens`, { app_id: appId, scopes: ['whatsapp_business_messaging'], expires_in: 10 }), 400, 100);
      expectGraphError(await call(admin, 'POST', `/console/api/system-users/${id}/tokens`, { app_id: appId, scopes: ['ads_management'] }), 400, 100);
    });
  });

  describe('apps', () => {
    it('lists apps with the app secret and verify token masked', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const res = await call(admin, 'GET', '/console/api/apps');
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(business.app_secret);
      expect(res.body).not.toContain(business.verify_token);
      const [app] = (res.json() as { data: { app_secret: string; verify_token: string }[] }).data;
      expect(app!.app_secret.endsWith(business.app_secret.slice(-4))).toBe(true);
      expect(app!.app_secret).not.toBe(business.app_secret);
      expect(app!.verify_token).not.toBe(business.verify_token);
    });

    it('returns a new app secret in full once, then masks it', async () => {
      const admin = await adminOf(await t.business());
      const receiver = await WebhookReceiver.start();
      const created = await call(admin, 'POST', '/console/api/apps', {
        name: 'Second App',
        callback_url: receiver.url,
        verify_token: receiver.verifyToken,
        subscribed_fields: ['messages', 'account_update'],
      });
      await receiver.close();
      expect(created.statusCode, created.body).toBe(200);
      const app = created.json() as { id: string; app_secret: string; verify_token: string; callback_url: string; subscribed_fields: string[] };
      expect(app.app_secret).toMatch(/^[0-9a-f]{32}$/);
      expect(app.callback_url).toBe(receiver.url);
      expect(app.subscribed_fields).toEqual(['messages', 'account_update']);
      const listed = await call(admin, 'GET', '/console/api/apps');
      expect(listed.body).not.toContain(app.app_secret);
      expect(listed.body).not.toContain(app.verify_token);
      expect((listed.json() as { data: { id: string }[] }).data.map((a) => a.id)).toContain(app.id);
    });

    it('rotates an app secret and returns the new one', async () => {
      const business = await t.business();
      const admin = await adminOf(business);
      const appId = await firstAppId(admin);
      const rotated = await call(admin, 'PATCH', `/console/api/apps/${appId}`, { rotate_secret: true });
      expect(rotated.statusCode, rotated.body).toBe(200);
      const { app_secret } = rotated.json() as { app_secret: string };
      expect(app_secret).toMatch(/^[0-9a-f]{32}$/);
      expect(app_secret).not.toBe(business.app_secret);
      const listed = await call(admin, 'GET', '/console/api/apps');
      expect(listed.body).not.toContain(app_secret);
      // A change without rotation does not reveal the secret.
      const renamed = await call(admin, 'PATCH', `/console/api/apps/${appId}`, { name: 'Renamed' });
      expect(renamed.statusCode, renamed.body).toBe(200);
      expect(renamed.json()).toMatchObject({ name: 'Renamed' });
      expect(renamed.body).not.toContain(app_secret);
    });

    it('refuses an invalid callback_url with code 100', async () => {
      const admin = await adminOf(await t.business());
      const appId = await firstAppId(admin);
      expectGraphError(await call(admin, 'PATCH', `/console/api/apps/${appId}`, { callback_url: 'not a url' }), 400, 100);
      expectGraphError(await call(admin, 'PATCH', `/console/api/apps/${appId}`, { callback_url: 'ftp://hooks.example/x' }), 400, 100);
      expectGraphError(await call(admin, 'POST', '/console/api/apps', { name: 'Bad', callback_url: 'javascript:alert(1)' }), 400, 100);
    });

    it('refuses an unknown subscribed field with code 100', async () => {
      const admin = await adminOf(await t.business());
      const appId = await firstAppId(admin);
      expectGraphError(await call(admin, 'PATCH', `/console/api/apps/${appId}`, { subscribed_fields: ['messages', 'not_a_field'] }), 400, 100);
      expectGraphError(await call(admin, 'POST', '/console/api/apps', { name: 'Bad', subscribed_fields: ['not_a_field'] }), 400, 100);
    });
  });

  describe('tenant isolation', () => {
    it("answers another business's member ids as not found", async () => {
      const adminA = await adminOf(await t.business());
      const adminB = await adminOf(await t.business());
      const memberB = await addMember(adminB, 'ADVERTISER');
      for (const id of [memberB.memberId, adminB.memberId]) {
        expectGraphError(await call(adminA, 'PATCH', `/console/api/members/${id}`, { role: 'ANALYST' }), 400, 100, 33);
        expectGraphError(await call(adminA, 'DELETE', `/console/api/members/${id}`), 400, 100, 33);
      }
      // B's people are untouched and can still sign in and act.
      const listB = (await call(adminB, 'GET', '/console/api/members')).json() as { data: { id: string; role: string }[] };
      expect(listB.data.find((m) => m.id === memberB.memberId)?.role).toBe('ADVERTISER');
      expect((await call(memberB, 'GET', '/console/api/me')).statusCode).toBe(200);
    });

    it("cannot revoke another business's token", async () => {
      const businessB = await t.business();
      const adminA = await adminOf(await t.business());
      const adminB = await adminOf(businessB);
      const tokensB = (await call(adminB, 'GET', '/console/api/tokens')).json() as { data: { id: string }[] };
      const tokenIdB = tokensB.data[0]!.id;
      expectGraphError(await call(adminA, 'DELETE', `/console/api/tokens/${tokenIdB}`), 400, 100, 33);
      expect((await getWaba(businessB.access_token, businessB.waba_id)).statusCode).toBe(200);
    });

    it("cannot issue tokens for another business's system user or app, nor assign its WABA", async () => {
      const businessB = await t.business();
      const adminA = await adminOf(await t.business());
      const adminB = await adminOf(businessB);
      const suB = ((await call(adminB, 'GET', '/console/api/system-users')).json() as { data: { id: string }[] }).data[0]!.id;
      const appB = await firstAppId(adminB);
      const appA = await firstAppId(adminA);
      const suA = ((await call(adminA, 'GET', '/console/api/system-users')).json() as { data: { id: string }[] }).data[0]!.id;
      const scopes = ['whatsapp_business_management'];
      expectGraphError(await call(adminA, 'POST', `/console/api/system-users/${suB}/tokens`, { app_id: appA, scopes }), 400, 100, 33);
      expectGraphError(await call(adminA, 'POST', `/console/api/system-users/${suA}/tokens`, { app_id: appB, scopes }), 400, 100, 33);
      expectGraphError(await call(adminA, 'POST', `/console/api/system-users/${suA}/assets`, { waba_ids: [businessB.waba_id] }), 400, 100, 33);
      expectGraphError(await call(adminA, 'POST', '/console/api/system-users', { name: 'Refused', waba_ids: [businessB.waba_id] }), 400, 100, 33);
      // The refused request left nothing behind.
      const usersA = (await call(adminA, 'GET', '/console/api/system-users')).json() as { data: { id: string; name: string; waba_ids: string[] }[] };
      expect(usersA.data.map((u) => u.name)).not.toContain('Refused');
      for (const user of usersA.data) expect(user.waba_ids).not.toContain(businessB.waba_id);
      expectGraphError(await call(adminA, 'PATCH', `/console/api/apps/${appB}`, { rotate_secret: true }), 400, 100, 33);
    });

    it("never lists another business's members, tokens or apps", async () => {
      const businessA = await t.business();
      const businessB = await t.business();
      const adminA = await adminOf(businessA);
      const adminB = await adminOf(businessB);
      const memberB = await addMember(adminB, 'ANALYST');
      const members = await call(adminA, 'GET', '/console/api/members');
      expect(members.statusCode).toBe(200);
      const ids = (members.json() as { data: { id: string }[] }).data.map((m) => m.id);
      expect(ids).toEqual([adminA.memberId]);
      expect(members.body).not.toContain(memberB.email);
      expect(members.body).not.toContain(businessB.console.email);
      const tokensA = (await call(adminA, 'GET', '/console/api/tokens')).json() as { data: { id: string }[] };
      const tokensB = (await call(adminB, 'GET', '/console/api/tokens')).json() as { data: { id: string }[] };
      expect(tokensB.data.length).toBeGreaterThan(0);
      for (const token of tokensB.data) expect(tokensA.data.map((tk) => tk.id)).not.toContain(token.id);
      const appsA = (await call(adminA, 'GET', '/console/api/apps')).json() as { data: { id: string }[] };
      const appsB = (await call(adminB, 'GET', '/console/api/apps')).json() as { data: { id: string }[] };
      for (const app of appsB.data) expect(appsA.data.map((a) => a.id)).not.toContain(app.id);
    });
  });
});
