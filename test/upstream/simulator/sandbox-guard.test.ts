import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId } from '../../../src/core/brand.js';
import type { DemoFacts } from '../../../src/demo/service.js';
import { bearer, startTestChatapp, type TestChatapp } from '../../helpers/chatapp.js';
import { databaseTargets } from '../../helpers/databases.js';

/** Every route the app serves, from its own route tree (`printRoutes`), so a new one cannot slip past. */
function routesOf(tree: string): { method: string; path: string }[] {
  const stack: string[] = [];
  const routes: { method: string; path: string }[] = [];
  for (const line of tree.split('\n')) {
    const at = line.search(/[├└]── /);
    if (at < 0) continue;
    const depth = at / 4;
    const [, segment, methods] = /^(\S+)(?: \(([^)]*)\))?/.exec(line.slice(at + 4))!;
    stack.length = depth;
    stack.push(segment!);
    for (const method of methods ? methods.split(', ') : []) routes.push({ method, path: stack.join('') });
  }
  return routes;
}

type Kind = 'number' | 'business' | 'message' | 'media';
/** A request naming one thing of a business, built for any id of that kind. */
type Naming = { kind: Kind; request: (id: string) => { url: string; payload?: object } };

const user = '447700900811';
/** The routes that name a number, a message or a business: another business's answers as an unknown one. */
const naming: Record<string, Naming> = {
  'GET /simulator/verification_codes': { kind: 'number', request: (id) => ({ url: `/verification_codes?phone_number_id=${id}` }) },
  'POST /simulator/numbers/:id/throughput': { kind: 'number', request: (id) => ({ url: `/numbers/${id}/throughput`, payload: { level: 'STANDARD' } }) },
  'POST /simulator/businesses/:id/messaging_limit': { kind: 'business', request: (id) => ({ url: `/businesses/${id}/messaging_limit`, payload: { tier: 'TIER_2K' } }) },
  'GET /simulator/users/:phone/chat': { kind: 'number', request: (id) => ({ url: `/users/${user}/chat?phone_number_id=${id}` }) },
  'GET /simulator/media/:messageId': { kind: 'media', request: (id) => ({ url: `/media/${encodeURIComponent(id)}` }) },
  'POST /simulator/messages': { kind: 'number', request: (id) => ({ url: '/messages', payload: { from: `+${user}`, to: id, message: { type: 'text', text: { body: 'hi' } } } }) },
  'POST /simulator/users/:phone/read': { kind: 'message', request: (id) => ({ url: `/users/${user}/read`, payload: { message_id: id } }) },
  'POST /simulator/users/:phone/tap': { kind: 'message', request: (id) => ({ url: `/users/${user}/tap`, payload: { message_id: id, button_index: 0 } }) },
  'POST /simulator/users/:phone/report': { kind: 'number', request: (id) => ({ url: `/users/${user}/report`, payload: { phone_number_id: id } }) },
  'POST /simulator/users/:phone/block': { kind: 'number', request: (id) => ({ url: `/users/${user}/block`, payload: { phone_number_id: id } }) },
  'POST /simulator/users/:phone/unblock': { kind: 'number', request: (id) => ({ url: `/users/${user}/unblock`, payload: { phone_number_id: id } }) },
};
/** Routes that name nothing of a business, or act on the caller's own sandbox only (its users). */
const naminglessRoutes = ['GET /simulator/clock', 'POST /simulator/clock/advance', 'GET /simulator/magic-numbers', 'GET /simulator/users', 'POST /simulator/users', 'GET /simulator/users/:phone'];

// Wamids are base64: a `/` or `+` in one must survive the URL.
const unknownWamid = 'wamid.HBgLNDQ3NzAwOTAw/ODExFQIAEhgS+NKNOWN=';
const unknownIds: Record<Kind, string> = { number: '1000000000000001', business: '1000000000000002', message: unknownWamid, media: unknownWamid };

/** An answer with the id it names replaced, and the trace id gone: what "answers like an unknown one" compares. */
const shape = (res: LightMyRequestResponse, id: string) => ({
  status: res.statusCode,
  body: res.body.split(id).join('<id>').replace(/"fbtrace_id":"[^"]*"/, ''),
});

describe.each(databaseTargets)('the sandbox routes need the business’s credentials and act only on it, on $name', (target) => {
  let t: TestChatapp;
  let a: DemoFacts;
  let b: DemoFacts;
  let routes: { method: string; path: string }[];
  const ids = {} as Record<Kind, string>;

  const as = (who: DemoFacts | Record<string, string>, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.chatapp.app.inject({ method, url: `/simulator${url}`, headers: 'access_token' in who ? bearer(who.access_token as string) : who, ...(payload ? { payload } : {}) } as InjectOptions);
  const signIn = async (credentials: { email: string; password: string }) => {
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: credentials });
    expect(login.statusCode, login.body).toBe(200);
    return { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().user.csrf_token as string };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    [a, b] = [await t.business(), await t.business()];
    routes = routesOf(t.chatapp.app.printRoutes({ commonPrefix: false })).filter((r) => r.path.startsWith('/simulator/'));
    // A's chat with the user: the user's photo, and the business's answer.
    const photo = await t.simulator(a, 'POST', '/messages', { from: `+${user}`, to: a.phone_number_id, message: { type: 'image', image: { caption: 'mine' } } });
    expect(photo.statusCode, photo.body).toBe(200);
    const answer = await t.graph(a, 'POST', `${a.phone_number_id}/messages`, { messaging_product: 'whatsapp', to: user, type: 'text', text: { body: 'Nice!' } });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    Object.assign(ids, { number: a.phone_number_id, business: a.business_id, media: photo.json().id, message: answer.json.messages[0].id });
  });
  afterAll(() => t?.close());

  it('finds the sandbox’s routes in the app, and knows what each one names', () => {
    const served = [...new Set(routes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.path}`))].sort();
    expect(served).toEqual([...Object.keys(naming), ...naminglessRoutes].sort());
  });

  it('answers every route 401 (code 190) without credentials or with a token that is not one', async () => {
    for (const { method, path } of routes) {
      const url = path.replace(/:\w+/g, '1');
      for (const headers of [{}, { authorization: 'Bearer not-a-token' }, { cookie: 'chatapp_session=not-a-session' }]) {
        const res = await t.chatapp.app.inject({ method: method as 'GET', url, headers, ...(method === 'POST' ? { payload: {} } : {}) });
        expect(res.statusCode, `${method} ${url} with ${JSON.stringify(headers)}`).toBe(401);
        if (method !== 'HEAD') expect(res.json().error.code).toBe(190);
      }
    }
  });

  it('refuses a stranger’s 25 MB body with 401 before reading it', async () => {
    const res = await t.chatapp.app.inject({ method: 'POST', url: '/simulator/messages', payload: { from: `+${user}`, to: a.phone_number_id, message: { type: 'document', document: { data_base64: 'A'.repeat(25 * 1024 * 1024) } } } });
    expect(res.statusCode).toBe(401);
  });

  it('answers another business’s number, message and portfolio exactly as unknown ones, and the owner’s as its own', async () => {
    for (const [route, { kind, request }] of Object.entries(naming)) {
      const method = route.split(' ')[0] as 'GET' | 'POST';
      const call = (who: DemoFacts, id: string) => {
        const { url, payload } = request(id);
        return as(who, method, url, payload);
      };
      const unknown = shape(await call(b, unknownIds[kind]), unknownIds[kind]);
      expect(unknown.status, `${route} unknown`).toBeGreaterThanOrEqual(400);
      expect(shape(await call(b, ids[kind]), ids[kind]), `${route} as another business`).toEqual(unknown);
      expect(shape(await call(a, ids[kind]), ids[kind]), `${route} as the owner`).not.toEqual(unknown);
    }
  });

  it('keeps each business’s simulated users to itself: listing, profiles and behaviours', async () => {
    const phone = '+447700900812';
    const made = await t.simulator(a, 'POST', '/users', { phone, profile_name: 'Ada', behaviour: { autoReply: true } });
    expect(made.statusCode, made.body).toBe(200);
    expect((await t.simulator(a, 'GET', '/users')).json().data.map((u: { wa_id: string }) => u.wa_id)).toContain('447700900812');
    expect((await t.simulator(b, 'GET', '/users')).json().data.map((u: { wa_id: string }) => u.wa_id)).not.toContain('447700900812');
    expect((await t.simulator(b, 'GET', '/users/447700900812')).json().profile_name).not.toBe('Ada');
    // B's user by that number leaves WhatsApp; A's stays, and still writes to A.
    expect((await t.simulator(b, 'POST', '/users', { phone, behaviour: { onWhatsApp: false } })).statusCode).toBe(200);
    expect((await t.simulator(a, 'GET', '/users/447700900812')).json()).toMatchObject({ profile_name: 'Ada', behaviour: { onWhatsApp: true, autoReply: true } });
    const toB = await t.simulator(b, 'POST', '/messages', { from: phone, to: b.phone_number_id, message: { type: 'text', text: { body: 'hi' } } });
    expect(toB.json().error.error_data.details).toMatch(/no WhatsApp account/);
    expect((await t.simulator(a, 'POST', '/messages', { from: phone, to: a.phone_number_id, message: { type: 'text', text: { body: 'hi' } } })).statusCode).toBe(200);
  });

  it('lets an Analyst’s console session see the phone and the clock, but neither write as a user nor move the clock', async () => {
    const analyst = { email: `analyst-${a.business_id}@example.com`, password: 'correct horse battery staple' };
    await t.chatapp.services.accounts.addMember({ businessId: asBusinessId(a.business_id), email: analyst.email, role: 'ANALYST', password: analyst.password });
    const session = await signIn(analyst);
    const headers = { cookie: session.cookie, 'x-csrf-token': session.csrf };
    expect((await as(headers, 'GET', '/clock')).statusCode).toBe(200);
    expect((await as(headers, 'GET', `/users/${user}/chat?phone_number_id=${a.phone_number_id}`)).statusCode).toBe(200);
    const advance = await as(headers, 'POST', '/clock/advance', { seconds: 60 });
    expect(advance.statusCode).toBe(403);
    expect(advance.json().error.code).toBe(10);
    const writes = await as(headers, 'POST', '/messages', { from: `+${user}`, to: a.phone_number_id, message: { type: 'text', text: { body: 'hi' } } });
    expect(writes.statusCode).toBe(403);
  });

  it('lets an Admin’s console session move the clock with the CSRF header, and refuses it without', async () => {
    const session = await signIn(a.console);
    const without = await as({ cookie: session.cookie }, 'POST', '/clock/advance', { seconds: 60 });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.error_data.details).toMatch(/x-csrf-token/);
    const before = t.clock.now();
    const moved = await as({ cookie: session.cookie, 'x-csrf-token': session.csrf }, 'POST', '/clock/advance', { seconds: 60 });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(t.clock.now() - before).toBeGreaterThanOrEqual(60_000);
  });

  it('lets a messaging-only token write as a user but not move the clock; a token in the query string counts', async () => {
    const principal = await t.chatapp.services.accounts.authenticate(a.access_token);
    const { token } = await t.chatapp.services.accounts.issueToken({ businessId: principal.businessId, systemUserId: principal.systemUserId, appId: principal.appId, scopes: ['whatsapp_business_messaging'], label: 'messaging only' });
    const messaging = { access_token: token } as DemoFacts;
    const advance = await as(messaging, 'POST', '/clock/advance', { seconds: 60 });
    expect(advance.statusCode).toBe(403);
    expect(advance.json().error.code).toBe(10);
    expect((await as(messaging, 'POST', `/numbers/${a.phone_number_id}/throughput`, { level: 'STANDARD' })).statusCode).toBe(403);
    expect((await as(messaging, 'POST', '/messages', { from: `+${user}`, to: a.phone_number_id, message: { type: 'text', text: { body: 'hi' } } })).statusCode).toBe(200);
    expect((await t.chatapp.app.inject({ method: 'GET', url: `/simulator/clock?access_token=${token}` })).statusCode).toBe(200);
  });

  it('holds a user’s file to Meta’s limit for its kind with a Graph error, and a body to the route’s limit', async () => {
    const send = (message: object) => t.simulator(a, 'POST', '/messages', { from: `+${user}`, to: a.phone_number_id, message });
    const jpeg = Buffer.alloc(5 * 1024 * 1024 + 1);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    const image = await send({ type: 'image', image: { data_base64: jpeg.toString('base64'), mime_type: 'image/jpeg' } });
    expect(image.statusCode).toBe(400);
    expect(image.json().error).toMatchObject({ code: 131053, error_data: { details: expect.stringContaining('at most 5 MB') } });
    const sticker = await send({ type: 'sticker', sticker: { data_base64: Buffer.alloc(600 * 1024).toString('base64'), mime_type: 'image/webp' } });
    expect(sticker.json().error).toMatchObject({ code: 131053, error_data: { details: expect.stringContaining('at most 500 KB') } });
    const huge = await send({ type: 'document', document: { data_base64: 'A'.repeat(25 * 1024 * 1024), mime_type: 'application/pdf' } });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe(100);
  });

  it('refuses at once a file of whitespace that ends in a stray character (no backtracking on the body)', async () => {
    const started = performance.now();
    const res = await t.simulator(a, 'POST', '/messages', { from: `+${user}`, to: a.phone_number_id, message: { type: 'document', document: { data_base64: `${' '.repeat(400_000)}!` } } });
    expect(res.json().error.error_data.details).toMatch(/data_base64 must be base64/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
