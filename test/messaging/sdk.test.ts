import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { verifySignature } from '@kapso/whatsapp-cloud-api/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoFacts } from '../../src/demo/service.js';
import { startTestChatapp, type TestChatapp } from '../helpers/chatapp.js';
import { databaseTargets } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';

// A real Cloud API SDK from npm, pointed at chatapp by changing only its base URL.
describe.each(databaseTargets)('a Cloud API SDK against chatapp on $name', (target) => {
  let t: TestChatapp;
  let biz: DemoFacts;
  let receiver: WebhookReceiver;
  let client: WhatsAppClient;
  let baseUrl: string;

  beforeAll(async () => {
    t = await startTestChatapp(target);
    baseUrl = await t.listen();
    biz = await t.business();
    receiver = await WebhookReceiver.start();
    client = new WhatsAppClient({ accessToken: biz.access_token, baseUrl, graphVersion: 'v23.0' });
    const appId = (await t.chatapp.services.accounts.authenticate(biz.access_token)).appId;
    const res = await fetch(`${baseUrl}/v23.0/${appId}/subscriptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${biz.access_token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: receiver.verifyToken, fields: 'messages' }),
    });
    expect(res.status, await res.text()).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('sends non-ASCII text with an emoji to a user who wrote, and the SDK verifies every status webhook signature', async () => {
    const wrote = await fetch(`${baseUrl}/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${biz.access_token}` },
      body: JSON.stringify({ from: '+351 912 345 678', to: biz.phone_number_id, message: { type: 'text', text: { body: 'Bom dia' } } }),
    });
    expect(wrote.status).toBe(200);

    const sent = await client.messages.sendText({ phoneNumberId: biz.phone_number_id, to: '+351912345678', body: 'Olá, São Paulo! Ação às 9h 🎉' });
    const id = sent.messages[0]!.id;
    expect(id).toMatch(/^wamid\./);
    expect(sent.contacts?.[0]).toMatchObject({ input: '+351912345678', waId: '351912345678' });

    await receiver.waitFor(() => ['sent', 'delivered', 'read'].every((s) => receiver.statuses(id).some((x) => x.status === s)), 'sent, delivered and read');
    // Statuses may share a POST (Meta batches too): every POST that carried one is checked.
    const hooks = receiver.received.filter((r) => r.raw.includes(id));
    expect(hooks.length).toBeGreaterThanOrEqual(1);
    expect(receiver.statuses(id).length).toBeGreaterThanOrEqual(3);
    for (const hook of hooks) {
      expect(verifySignature({ appSecret: biz.app_secret, rawBody: Buffer.from(hook.raw, 'latin1'), signatureHeader: hook.headers['x-hub-signature-256'] as string })).toBe(true);
      expect(verifySignature({ appSecret: 'not-the-secret', rawBody: Buffer.from(hook.raw, 'latin1'), signatureHeader: hook.headers['x-hub-signature-256'] as string })).toBe(false);
    }
  });

  it('marks a message read with a typing indicator through the SDK', async () => {
    const wrote = await fetch(`${baseUrl}/simulator/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${biz.access_token}` },
      body: JSON.stringify({ from: '+351 912 345 679', to: biz.phone_number_id, message: { type: 'text', text: { body: 'Olá?' } } }),
    });
    const { id } = (await wrote.json()) as { id: string };
    // The business learns the id from its webhook, as it would from Meta.
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the inbound message');
    const answer = await client.messages.markRead({ phoneNumberId: biz.phone_number_id, messageId: id, typingIndicator: { type: 'text' } });
    expect(answer).toMatchObject({ success: true });
  });
});
