import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { verifySignature } from '../../src/webhooks/model.js';
import { bearer, startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { eventually, WebhookReceiver } from '../helpers/receiver.js';

describe.each(databaseTargets)('sending and receiving on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let appId: string;

  const inject = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.chatapp.app.inject({ method, url, headers: { ...bearer(biz.access_token), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
  const send = (message: Record<string, unknown>, headers: Record<string, string> = {}) =>
    inject('POST', `/v23.0/${biz.phone_number_id}/messages`, { messaging_product: 'whatsapp', ...message }, headers);
  const userWrites = async (from: string, message: Record<string, unknown>) => {
    const res = await t.simulator(biz, 'POST', '/messages', { from, to: biz.phone_number_id, message });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { id: string };
  };

  beforeAll(async () => {
    t = await startTestChatapp(target);
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    const me = await t.chatapp.services.accounts.authenticate(biz.access_token);
    appId = me.appId;
    const res = await inject('POST', `/v23.0/${appId}/subscriptions`, {
      object: 'whatsapp_business_account',
      callback_url: receiver.url,
      verify_token: receiver.verifyToken,
      fields: 'messages',
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('delivers a user message to the business webhook with contacts and metadata, signed with the app secret', async () => {
    const { id } = await userWrites('+44 7700 900123', { type: 'text', text: { body: 'Olá! 👋 do you ship to Lisbon?' } });
    expect(id).toMatch(/^wamid\./);
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the inbound message');
    const hook = receiver.received.find((r) => r.raw.includes(id))!;
    expect(hook.raw).toMatch(/^[\x00-\x7f]*$/);
    expect(hook.raw).toContain('Ol\\u00e1! \\ud83d\\udc4b');
    expect(hook.headers['content-type']).toBe('application/json');
    expect(Number(hook.headers['content-length'])).toBe(Buffer.byteLength(hook.raw));
    expect(verifySignature(biz.app_secret, hook.raw, hook.headers['x-hub-signature-256'] as string)).toBe(true);
    expect(verifySignature('0'.repeat(32), hook.raw, hook.headers['x-hub-signature-256'] as string)).toBe(false);
    // The POST may carry other events beside this one (Meta batches too): look at this one's entry.
    const entry = hook.json.entry.find((e) => JSON.stringify(e).includes(id))!;
    const value = entry.changes[0]!.value;
    expect(hook.json.object).toBe('whatsapp_business_account');
    expect(entry.id).toBe(biz.waba_id);
    expect(value).toMatchObject({
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: biz.display_phone_number.replace(/\D/g, ''), phone_number_id: biz.phone_number_id },
      contacts: [{ profile: { name: expect.any(String) }, wa_id: '447700900123' }],
      messages: [{ from: '447700900123', id, timestamp: expect.stringMatching(/^\d+$/), type: 'text', text: { body: 'Olá! 👋 do you ship to Lisbon?' } }],
    });
  });

  it('answers a send with contacts and a wamid, then reports sent, delivered and read', async () => {
    await userWrites('+44 7700 900124', { type: 'text', text: { body: 'hello' } });
    const res = await send({ to: '+44 7700 900124', type: 'text', text: { body: 'Thanks for writing! 🙌' }, biz_opaque_callback_data: 'order-42' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['contacts', 'messages', 'messaging_product']);
    expect(body.contacts).toEqual([{ input: '+44 7700 900124', wa_id: '447700900124' }]);
    const id = body.messages[0].id as string;
    expect(body.messages).toEqual([{ id: expect.stringMatching(/^wamid\./) }]);
    await receiver.waitFor(() => receiver.statuses(id).some((s) => s.status === 'read'), 'the read status');
    // Each status once; webhooks may overtake one another on the way (spec §4.2: order not guaranteed).
    const statuses = receiver.statuses(id);
    expect(statuses.map((s) => s.status).sort()).toEqual(['delivered', 'read', 'sent']);
    for (const s of statuses) expect(s).toMatchObject({ recipient_id: '447700900124', biz_opaque_callback_data: 'order-42', timestamp: expect.stringMatching(/^\d+$/) });
    const priced = statuses.filter((s) => s.pricing);
    expect(priced.map((s) => s.status).sort()).toEqual(['delivered', 'sent']);
    expect(priced[0]!.pricing).toEqual({ billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' });

    // The phone's ticks move just after chatapp hears of the receipt.
    await eventually(async () => {
      const chat = await t.simulator(biz, 'GET', `/users/447700900124/chat?phone_number_id=${biz.phone_number_id}`);
      expect(chat.json().messages.at(-1)).toMatchObject({ id, from: 'business', type: 'text', text: { body: 'Thanks for writing! 🙌' }, status: 'read' });
    });
  });

  it('answers 200 to free-form text for a user who never wrote, then fails it with 131047', async () => {
    const res = await send({ to: '+44 7700 900555', type: 'text', text: { body: 'Hi there' } });
    expect(res.statusCode).toBe(200);
    const id = res.json().messages[0].id as string;
    await receiver.waitFor(() => receiver.statuses(id).some((s) => s.status === 'failed'), 'the failed status');
    const [failed] = receiver.statuses(id);
    expect(failed).toMatchObject({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] });
    expect(failed!.pricing).toBeUndefined();
  });

  it('closes the window 24 hours after the user last wrote', async () => {
    await userWrites('+44 7700 900125', { type: 'text', text: { body: 'hi' } });
    await receiver.waitFor(() => receiver.inbound().some((m) => m.from === '447700900125'), 'the inbound message');
    const clock = await t.simulator(biz, 'POST', '/clock/advance', { seconds: 24 * 3600 + 1 });
    expect(clock.json().now).toBeGreaterThan(Date.now() / 1000 + 24 * 3600);
    const res = await send({ to: '447700900125', type: 'text', text: { body: 'still there?' } });
    const id = res.json().messages[0].id as string;
    await receiver.waitFor(() => receiver.statuses(id).some((s) => s.status === 'failed'), 'the failed status');
    expect(receiver.statuses(id)[0]!.errors![0]!.code).toBe(131047);
  });

  it('fails a send to a number that is not on WhatsApp with 131026', async () => {
    await userWrites('+44 7700 900126', { type: 'text', text: { body: 'hi' } });
    const res = await send({ to: '+1 555 000 0026', type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } });
    const id = res.json().messages[0].id as string;
    await receiver.waitFor(() => receiver.statuses(id).some((s) => s.status === 'failed'), 'the failed status');
    expect(receiver.statuses(id)[0]!.errors![0]!.code).toBe(131026);
  });

  it('marks an inbound message read with a typing indicator, which the user sees', async () => {
    const { id } = await userWrites('+44 7700 900127', { type: 'text', text: { body: 'are you there?' } });
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the inbound message');
    const res = await send({ status: 'read', message_id: id, typing_indicator: { type: 'text' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ success: true });
    const chat = (await t.simulator(biz, 'GET', `/users/447700900127/chat?phone_number_id=${biz.phone_number_id}`)).json();
    expect(chat.typing).toBe(true);
    expect(chat.messages.at(-1)).toMatchObject({ id, from: 'user', status: 'read' });
    const unknown = await send({ status: 'read', message_id: 'wamid.SGVsbG8gdGhlcmUgdW5rbm93bg==' });
    expect(unknown.statusCode).toBe(400);
  });

  it('returns the first answer again for a repeated Idempotency-Key and sends once', async () => {
    await userWrites('+44 7700 900128', { type: 'text', text: { body: 'hi' } });
    const message = { to: '+44 7700 900128', type: 'text', text: { body: 'once only' } };
    const [a, b] = await Promise.all([send(message, { 'idempotency-key': 'k-1' }), send(message, { 'idempotency-key': 'k-1' })]);
    expect(a.json()).toEqual(b.json());
    const again = await send(message, { 'idempotency-key': 'k-1' });
    expect(again.json()).toEqual(a.json());
    const other = await send({ ...message, text: { body: 'different' } }, { 'idempotency-key': 'k-1' });
    expect(other.statusCode).toBe(400);
    const id = a.json().messages[0].id as string;
    await receiver.waitFor(() => receiver.statuses(id).some((s) => s.status === 'read'), 'the read status');
    const chat = (await t.simulator(biz, 'GET', `/users/447700900128/chat?phone_number_id=${biz.phone_number_id}`)).json();
    expect(chat.messages.filter((m: { text?: { body: string } }) => m.text?.body === 'once only')).toHaveLength(1);
  });

  it('fails sends with 131026 after the user reports the business, until the user unblocks it', async () => {
    await userWrites('+44 7700 900140', { type: 'text', text: { body: 'hi' } });
    const report = await t.simulator(biz, 'POST', '/users/447700900140/report', { phone_number_id: biz.phone_number_id, reason: 'spam' });
    expect(report.statusCode, report.body).toBe(200);
    const res = await send({ to: '+44 7700 900140', type: 'text', text: { body: 'sorry!' } });
    const id = res.json().messages[0].id as string;
    await receiver.waitFor(() => receiver.statusSet(id).has('failed'), 'the failed status');
    expect(receiver.statuses(id)[0]!.errors![0]!.code).toBe(131026);
    const refused = await t.simulator(biz, 'POST', '/messages', { from: '+44 7700 900140', to: biz.phone_number_id, message: { type: 'text', text: { body: 'x' } } });
    expect(refused.statusCode).toBe(400);
    const unblock = await t.simulator(biz, 'POST', '/users/447700900140/unblock', { phone_number_id: biz.phone_number_id });
    expect(unblock.statusCode).toBe(200);
    await userWrites('+44 7700 900140', { type: 'text', text: { body: 'ok, back' } });
  });

  it('refuses a malformed send with a Graph error naming the field, and stores nothing', async () => {
    const res = await send({ to: '+44 7700 900129', type: 'text', text: { body: 'x'.repeat(4097) } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.error_data.details).toMatch(/^text\.body/);
    const count = await t.chatapp.store.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('wa_id', '=', '447700900129').executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a token without the messaging permission, and another business number as not found', async () => {
    const other = await t.business();
    const res = await t.chatapp.app.inject({
      method: 'POST',
      url: `/v23.0/${other.phone_number_id}/messages`,
      headers: bearer(biz.access_token),
      payload: { messaging_product: 'whatsapp', to: '+44 7700 900130', type: 'text', text: { body: 'x' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});
