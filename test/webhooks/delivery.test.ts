import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBusinessId, asWabaId } from '../../src/core/brand.js';
import type { DemoFacts } from '../../src/demo/service.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { WebhookOutbox } from '../../src/webhooks/outbox.js';
import { verifySignature } from '@kapso/whatsapp-cloud-api/server';

describe.each(databaseTargets)('webhook delivery on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let session: { cookie: string; csrf: string };

  const userWrites = async (from: string, body: string) => {
    const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message: { type: 'text', text: { body } } });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { id: string }).id;
  };
  const consoleCall = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.chatapp.app.inject({ method, url, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf }, ...(payload ? { payload } : {}) });
  const advance = (seconds: number) => t.simulator(biz, 'POST', '/clock/advance', { seconds });
  /** Waits until no job or webhook is due or being worked on: the workers have caught up with the clock. */
  const settled = async () => {
    const outbox = t.chatapp.runners.find((r) => r instanceof WebhookOutbox)!;
    for (let i = 0; i < 400; i++) {
      const jobs = await t.chatapp.store.db
        .selectFrom('jobs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((w) => w.or([w('status', '=', 'running'), w.and([w('status', '=', 'queued'), w('run_at', '<=', t.clock.now())])]))
        .executeTakeFirstOrThrow();
      const events = await t.chatapp.store.db
        .selectFrom('webhook_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', t.clock.now())
        .executeTakeFirstOrThrow();
      if (Number(jobs.n) === 0 && Number(events.n) === 0 && outbox.busy === 0) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('the workers did not settle');
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    const appId = (await t.chatapp.services.accounts.authenticate(biz.access_token)).appId;
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${appId}/subscriptions`,
      headers: bearer(biz.access_token),
      payload: { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: receiver.verifyToken, fields: 'messages' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: biz.console });
    session = { cookie: String(login.headers['set-cookie']).split(';')[0]!, csrf: login.json().user.csrf_token };
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('refuses a callback URL that does not echo the challenge', async () => {
    const appId = (await t.chatapp.services.accounts.authenticate(biz.access_token)).appId;
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${appId}/subscriptions`,
      headers: bearer(biz.access_token),
      payload: { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: 'wrong-token' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 2200, error_data: { details: expect.stringContaining('403') } });
  });

  it('keeps retrying through two days of a receiver being down, then delivers every event, and logs each attempt', async () => {
    receiver.mode = 'fail';
    const ids = [await userWrites('+49 151 2345 0001', 'eins'), await userWrites('+49 151 2345 0002', 'zwei'), await userWrites('+49 151 2345 0003', 'drei')];
    await settled();
    for (let hour = 0; hour < 48; hour++) {
      await advance(3600);
      await settled();
    }
    expect(receiver.inbound().filter((m) => ids.includes(m.id))).toHaveLength(0);
    receiver.mode = 'ok';
    await advance(3600);
    await receiver.waitFor(() => ids.every((id) => receiver.inbound().some((m) => m.id === id)), 'all three events');
    await settled();

    const log = await consoleCall('GET', '/console/api/webhooks/events?limit=100');
    const events = (log.json().data as { id: string; status: string; attempts: number }[]).filter((e) => e.status === 'delivered');
    expect(events.length).toBeGreaterThanOrEqual(3);
    const event = events.find((e) => e.attempts > 40);
    expect(event, JSON.stringify(log.json().data.slice(0, 3))).toBeDefined();
    const detail = (await consoleCall('GET', `/console/api/webhooks/events/${event!.id}`)).json();
    expect(detail.attempts.length).toBe(event!.attempts);
    expect(detail.attempts.slice(0, -1).every((a: { status_code: number }) => a.status_code === 500)).toBe(true);
    expect(detail.attempts.at(-1)).toMatchObject({ status_code: 200, latency_ms: expect.any(Number) });
    // The attempts spread over the two days on the sandbox clock.
    expect(detail.attempts.at(-1).attempted_time - detail.attempts[0].attempted_time).toBeGreaterThanOrEqual(48 * 3600);
  });

  it('replays one event with the same id and bytes', async () => {
    const id = await userWrites('+49 151 2345 0004', 'noch einmal');
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the event');
    const first = receiver.received.find((r) => r.raw.includes(id))!;
    const log = (await consoleCall('GET', '/console/api/webhooks/events?limit=20')).json().data as { id: string }[];
    const details = await Promise.all(log.map(async (e) => (await consoleCall('GET', `/console/api/webhooks/events/${e.id}`)).json()));
    const event = details.find((d) => JSON.stringify(d.body).includes(id));
    const replay = await consoleCall('POST', `/console/api/webhooks/events/${event.id}/replay`);
    expect(replay.statusCode, replay.body).toBe(200);
    await receiver.waitFor(() => receiver.received.filter((r) => r.raw.includes(id)).length === 2, 'the replay');
    const second = receiver.received.filter((r) => r.raw.includes(id))[1]!;
    expect(second.raw).toBe(first.raw);
    expect(second.headers['x-hub-signature-256']).toBe(first.headers['x-hub-signature-256']);
  });

  it('batches events for a busy receiver into fewer POSTs, each signed over its exact bytes and logged per event', async () => {
    receiver.delayMs = 300;
    const before = receiver.received.length;
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => userWrites(`+49 151 2346 ${String(i).padStart(4, '0')}`, `Nachricht ${i} ✓`)));
    await receiver.waitFor(() => ids.every((id) => receiver.inbound().some((m) => m.id === id)), 'all sixty events');
    receiver.delayMs = 0;
    const posts = receiver.received.slice(before);
    const delivered = posts.flatMap((p) => p.json.entry.flatMap((e) => e.changes.flatMap((c) => (c.value.messages ?? []) as { id: string }[]))).map((m) => m.id);
    expect(delivered.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(posts.length).toBeLessThan(ids.length);
    expect(posts.some((p) => p.json.entry.length > 1)).toBe(true);
    for (const post of posts) {
      expect(post.json.object).toBe('whatsapp_business_account');
      expect(verifySignature({ appSecret: biz.app_secret, rawBody: Buffer.from(post.raw, 'latin1'), signatureHeader: post.headers['x-hub-signature-256'] as string })).toBe(true);
      expect(/[^\x00-\x7f]/.test(post.raw)).toBe(false);
    }
    await settled();
    const log = (await consoleCall('GET', '/console/api/webhooks/events?limit=100')).json().data as { id: string; status: string; attempts: number }[];
    const details = await Promise.all(log.slice(0, 60).map(async (e) => (await consoleCall('GET', `/console/api/webhooks/events/${e.id}`)).json()));
    const ours = details.filter((d) => ids.some((id) => JSON.stringify(d.body).includes(id)));
    expect(ours).toHaveLength(60);
    expect(ours.every((d) => d.status === 'delivered' && d.attempts.length === 1 && d.attempts[0].status_code === 200)).toBe(true);
  });

  it('keeps delivering to one app while another app receiver hangs', async () => {
    const hanging = await WebhookReceiver.start();
    const businessId = asBusinessId(biz.business_id);
    const slowApp = await t.chatapp.services.accounts.createApp({ businessId, name: 'Slow CRM', callbackUrl: hanging.url, verifyToken: hanging.verifyToken });
    await t.chatapp.services.webhooks.subscribe({ businessId, wabaId: asWabaId(biz.waba_id), appId: slowApp.id });
    hanging.mode = 'hang';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await userWrites(`+49 151 2345 01${i}0`, `schnell ${i}`));
    await receiver.waitFor(() => ids.every((id) => receiver.inbound().some((m) => m.id === id)), 'the fast app events', 5_000);
    await t.chatapp.services.webhooks.unsubscribe(businessId, biz.waba_id, slowApp.id);
    await hanging.close();
  });

  it('shows another business nothing of this one in the delivery log', async () => {
    const other = await t.business();
    const login = await t.chatapp.app.inject({ method: 'POST', url: '/console/api/session', payload: other.console });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const res = await t.chatapp.app.inject({ method: 'GET', url: '/console/api/webhooks/events', headers: { cookie } });
    expect(res.json().data).toEqual([]);
    const mine = (await consoleCall('GET', '/console/api/webhooks/events?limit=1')).json().data[0];
    const peek = await t.chatapp.app.inject({ method: 'GET', url: `/console/api/webhooks/events/${mine.id}`, headers: { cookie } });
    expect(peek.json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
