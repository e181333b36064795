import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock, type Clock } from '../../../src/core/clock.js';
import { loadConfig } from '../../../src/config.js';
import { serveSimulator, type RunningSimulator } from '../../../src/upstream/simulator/standalone/server.js';
import { seedTestBusiness, type SeedFacts } from '../../../src/upstream/simulator/standalone/seed.js';
import { databaseTargets, type FreshDatabase } from '../../helpers/databases.js';

// The standalone simulator's test-harness controls, in process on 127.0.0.1 and driven over HTTP:
// faults injected into its Graph API (`/simulator/faults`) and Embedded Signup's code exchange
// (`POST /simulator/signup_codes`, then `GET /oauth/access_token`). Both live in memory and run on
// wall time, so the wall clock is skewed here instead of slept on.

const sqlite = databaseTargets.find((t) => t.name === 'sqlite')!;

describe('the standalone simulator’s faults and Embedded Signup codes', () => {
  let database: FreshDatabase;
  let running: RunningSimulator;
  let biz: SeedFacts;
  let base: string;
  let skewMs = 0;
  const wall: Clock = { now: () => Date.now() + skewMs };

  const call = async (method: string, path: string, options: { token?: string | null; json?: object } = {}) => {
    const token = options.token === undefined ? biz.access_token : options.token;
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    let body: string | undefined;
    if (options.json) (headers['content-type'] = 'application/json'), (body = JSON.stringify(options.json));
    const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const ok = async (method: string, path: string, options: { token?: string | null; json?: object } = {}) => {
    const res = await call(method, path, options);
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.json)}`).toBe(200);
    return res.json;
  };
  const sendText = (to: string, body: string) => call('POST', `/v23.0/${biz.phone_number_id}/messages`, { json: { messaging_product: 'whatsapp', to, type: 'text', text: { body } } });
  const userWrites = (from: string, text: string) => ok('POST', '/simulator/messages', { json: { from, to: biz.phone_number_id, message: { type: 'text', text: { body: text } } } });
  const businessMessages = async (phone: string) => {
    const chat = await ok('GET', `/simulator/users/${encodeURIComponent(phone)}/chat?phone_number_id=${biz.phone_number_id}`);
    return (chat.messages as { id: string; from: string; text?: { body: string } }[]).filter((m) => m.from === 'business');
  };
  const exchange = (query: Record<string, string>) => call('GET', `/v23.0/oauth/access_token?${new URLSearchParams(query).toString()}`, { token: null });
  const graphEnvelope = (code: number, message: string) => ({
    error: { message, type: 'OAuthException', code, fbtrace_id: expect.any(String), error_data: { messaging_product: 'whatsapp', details: expect.any(String) } },
  });

  beforeAll(async () => {
    database = await sqlite.create();
    const config = loadConfig({ CHATAPP_DATA_DIR: database.dataDir, PORT: '0', LOG_LEVEL: 'silent', CHATAPP_SIM_DELIVERY_MS: '20', CHATAPP_SIM_READ_MS: '40' });
    running = await serveSimulator(config, { clock: new SandboxClock(), wall });
    base = running.address;
    biz = await seedTestBusiness({ ...running.parts, dataDir: database.dataDir, graphUrl: base });
  });
  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  it('answers the next two sends with 500 and Graph’s envelope without sending them, then lets the third through', async () => {
    const phone = '+44 7700 900701';
    await userWrites(phone, 'Is my order ready?');
    const fault = await ok('POST', '/simulator/faults', { json: { count: 2, path: '/messages' } });
    expect(fault).toEqual({ id: expect.any(String), status: 500, code: 1, path: '/messages', count_left: 2, seconds_left: null, faulted: 0 });

    for (const attempt of ['first try', 'second try']) {
      const res = await sendText('447700900701', attempt);
      expect(res).toEqual({ status: 500, json: graphEnvelope(1, '(#1) An unknown error occurred') });
    }
    // Other paths are not faulted meanwhile.
    expect((await ok('GET', `/v23.0/${biz.waba_id}/phone_numbers`)).data.map((n: { id: string }) => n.id)).toContain(biz.phone_number_id);
    const third = await sendText('447700900701', 'third try');
    expect(third.status, JSON.stringify(third.json)).toBe(200);

    const sent = await businessMessages(phone);
    expect(sent.map((m) => m.id)).toEqual([third.json.messages[0].id]);
    expect(sent[0]!.text).toEqual({ body: 'third try' });
    expect(await ok('GET', '/simulator/faults')).toEqual({ data: [], faulted: 2 });
    await ok('DELETE', '/simulator/faults');
  });

  it('answers 130429 with HTTP 400 to every send for the seconds asked, then stops', async () => {
    const phone = '+44 7700 900702';
    await userWrites(phone, 'Hello?');
    await ok('POST', '/simulator/faults', { json: { status: 400, code: 130429, seconds: 5, path: '/messages' } });
    for (const attempt of ['one', 'two', 'three']) {
      expect(await sendText('447700900702', attempt)).toEqual({ status: 400, json: graphEnvelope(130429, '(#130429) Rate limit hit') });
    }
    expect((await ok('GET', '/simulator/faults')).data).toEqual([{ id: expect.any(String), status: 400, code: 130429, path: '/messages', count_left: null, seconds_left: 5, faulted: 3 }]);

    skewMs += 5_000;
    const after = await sendText('447700900702', 'after the burst');
    expect(after.status, JSON.stringify(after.json)).toBe(200);
    expect((await businessMessages(phone)).map((m) => m.id)).toEqual([after.json.messages[0].id]);
    expect(await ok('GET', '/simulator/faults')).toEqual({ data: [], faulted: 3 });
    await ok('DELETE', '/simulator/faults');
  });

  it('lists and clears the active faults, and never faults health checks or the sandbox', async () => {
    const everything = await ok('POST', '/simulator/faults', { json: { status: 503, count: 5 } });
    const templates = await ok('POST', '/simulator/faults', { json: { status: 502, code: 2, seconds: 60, path: '/message_templates' } });
    expect(everything).toMatchObject({ status: 503, code: 1, path: null, count_left: 5 });
    expect(templates).toMatchObject({ status: 502, code: 2, seconds_left: 60, count_left: null });

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    await ok('GET', '/simulator/clock');
    await ok('GET', `/simulator/users/${encodeURIComponent('+44 7700 900701')}/chat?phone_number_id=${biz.phone_number_id}`);
    // Unversioned and versioned Graph paths alike; the first active fault takes the request.
    expect(await call('GET', `/${biz.waba_id}`)).toEqual({ status: 503, json: graphEnvelope(1, '(#1) An unknown error occurred') });
    expect((await call('GET', `/v23.0/${biz.waba_id}/message_templates`)).status).toBe(503);

    const listed = await ok('GET', '/simulator/faults');
    expect(listed).toEqual({ data: [{ ...everything, count_left: 3, faulted: 2 }, { ...templates, seconds_left: expect.any(Number) }], faulted: 2 });
    expect(await ok('DELETE', '/simulator/faults')).toEqual({ success: true, cleared: 2 });
    expect(await ok('GET', '/simulator/faults')).toEqual({ data: [], faulted: 0 });
    await ok('GET', `/v23.0/${biz.waba_id}/message_templates`);
  });

  it('refuses a fault without a count or seconds, beyond the limits, or with a code it does not know', async () => {
    const refusals = [
      { path: '/messages' },
      { count: 0 },
      { count: 100_001 },
      { seconds: 3601 },
      { status: 302, count: 1 },
      { status: 400, count: 1 },
      { status: 500, code: 424242, count: 1 },
    ];
    for (const json of refusals) {
      const res = await call('POST', '/simulator/faults', { json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.json.error.code).toBe(100);
    }
    expect((await call('POST', '/simulator/faults', { json: { status: 500, code: 424242, count: 1 } })).json.error.error_data.details).toContain('130429');
    expect(await ok('GET', '/simulator/faults')).toEqual({ data: [], faulted: 0 });
  });

  it('refuses the fault and signup controls without the business’s token', async () => {
    for (const token of [null, 'EAACnot-a-token']) {
      for (const [method, path] of [['POST', '/simulator/faults'], ['GET', '/simulator/faults'], ['DELETE', '/simulator/faults'], ['POST', '/simulator/signup_codes']] as const) {
        const res = await call(method, path, { token, ...(method === 'POST' && path.endsWith('faults') ? { json: { count: 1 } } : {}) });
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.json.error.code).toBe(190);
      }
    }
    expect(await ok('GET', '/simulator/faults')).toEqual({ data: [], faulted: 0 });
  });

  it('exchanges an Embedded Signup code once for a business token that reads the WABA', async () => {
    const issued = await ok('POST', '/simulator/signup_codes');
    expect(issued).toEqual({ code: expect.any(String), business_id: biz.business_id, waba_id: biz.waba_id, phone_number_id: biz.phone_number_id });

    // A faulted exchange has no effect: the code stays good.
    await ok('POST', '/simulator/faults', { json: { count: 1, path: '/oauth/access_token' } });
    const query = { client_id: biz.app_id, client_secret: biz.app_secret, code: issued.code as string };
    expect((await exchange(query)).status).toBe(500);

    const exchanged = await exchange(query);
    expect(exchanged.status, JSON.stringify(exchanged.json)).toBe(200);
    expect(exchanged.json).toEqual({ access_token: expect.stringMatching(/^EAAC/), token_type: 'bearer' });
    const token = exchanged.json.access_token as string;
    expect(token).not.toBe(biz.access_token);
    const numbers = await ok('GET', `/v23.0/${biz.waba_id}/phone_numbers`, { token });
    expect(numbers.data.map((n: { id: string }) => n.id)).toContain(biz.phone_number_id);

    expect(await exchange(query)).toEqual({ status: 400, json: graphEnvelope(100, 'This authorization code has been used.') });
  });

  it('refuses an exchange with a wrong secret, an unknown app or code, or an expired code', async () => {
    const { code } = (await ok('POST', '/simulator/signup_codes')) as { code: string };
    const refusals: [Record<string, string>, string][] = [
      [{ client_id: biz.app_id, client_secret: 'f'.repeat(32), code }, 'Error validating client secret.'],
      [{ client_id: '1000000000000009', client_secret: biz.app_secret, code }, 'Error validating application. Invalid application ID.'],
      [{ client_id: biz.app_id, client_secret: biz.app_secret, code: `${code}x` }, 'Invalid verification code format.'],
    ];
    for (const [query, message] of refusals) expect(await exchange(query)).toEqual({ status: 400, json: graphEnvelope(100, message) });
    const missing = await exchange({ client_id: biz.app_id, client_secret: biz.app_secret });
    expect(missing.status).toBe(400);
    expect(missing.json.error.error_data.details).toBe('code is required');

    // None of those used the code; ten minutes of wall time do.
    skewMs += 10 * 60 * 1000;
    expect(await exchange({ client_id: biz.app_id, client_secret: biz.app_secret, code })).toEqual({ status: 400, json: graphEnvelope(100, 'This authorization code has expired.') });
  });

  it('keeps the client secret and the code out of the request log', async () => {
    const { redactUrl } = await import('../../../src/core/graph-request.js');
    expect(redactUrl(`/v23.0/oauth/access_token?client_id=1&client_secret=${biz.app_secret}&code=AQsecret`)).toBe('/v23.0/oauth/access_token?client_id=1&client_secret=[redacted]&code=[redacted]');
  });
});
