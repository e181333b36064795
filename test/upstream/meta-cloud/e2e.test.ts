import { WhatsAppClient } from '@kapso/whatsapp-cloud-api';
import { verifySignature } from '@kapso/whatsapp-cloud-api/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { linkWaba } from '../../../src/demo/link.js';
import type { DemoFacts } from '../../../src/demo/service.js';
import { createChatapp, type Chatapp } from '../../../src/main.js';
import type { SeedFacts } from '../../../src/upstream/simulator/standalone/seed.js';
import { databaseTargets, type FreshDatabase } from '../../helpers/databases.js';
import { WebhookReceiver } from '../../helpers/receiver.js';
import { freePort, seedSimulator, startSimulatorProcess, type SimulatorProcess } from '../../helpers/simulator-process.js';

// chatapp with CHATAPP_UPSTREAM=meta-cloud against `chatapp simulator serve` over HTTP on 127.0.0.1,
// which speaks Meta's wire format: Meta's side posts its signed webhooks to chatapp's /meta/webhook,
// and the business sees only chatapp — its own webhooks, signed with its own app secret, and
// chatapp's wamids — through a Cloud API SDK pointed at chatapp.

const VERIFY_TOKEN = 'chatapp-meta-verify-token';

describe.each(databaseTargets)('chatapp on Meta’s Cloud API (meta-cloud), against the standalone simulator, on $name', (target) => {
  let simDatabase: FreshDatabase;
  let database: FreshDatabase;
  let sim: SimulatorProcess;
  let meta: SeedFacts;
  let chatapp: Chatapp;
  let baseUrl: string;
  let facts: DemoFacts;
  let receiver: WebhookReceiver;
  let client: WhatsAppClient;

  const api = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${facts.access_token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  /** The sandbox of Meta's side: a simulated user writes to the business's number. */
  const userWrites = async (from: string, text: string): Promise<string> => {
    const res = await fetch(`${meta.graph_url}/simulator/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${meta.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ from, to: meta.phone_number_id, message: { type: 'text', text: { body: text } } }),
    });
    const json = (await res.json()) as { id: string };
    expect(res.status, JSON.stringify(json)).toBe(200);
    return json.id;
  };

  beforeAll(async () => {
    simDatabase = await target.create();
    database = await target.create();
    const simVars = { CHATAPP_DATA_DIR: simDatabase.dataDir, DATABASE_URL: simDatabase.databaseUrl, PORT: String(await freePort()), CHATAPP_SIM_DELIVERY_MS: '50', CHATAPP_SIM_READ_MS: '100' };
    sim = await startSimulatorProcess(simVars);
    meta = await seedSimulator(simVars);
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    chatapp = await createChatapp(
      loadConfig({
        PORT: String(port),
        CHATAPP_DATA_DIR: database.dataDir,
        DATABASE_URL: database.databaseUrl,
        LOG_LEVEL: 'warn',
        CHATAPP_UPSTREAM: 'meta-cloud',
        CHATAPP_PUBLIC_URL: baseUrl,
        CHATAPP_META_GRAPH_URL: meta.graph_url,
        CHATAPP_META_GRAPH_VERSION: 'v23.0',
        CHATAPP_META_APP_ID: meta.app_id,
        CHATAPP_META_APP_SECRET: meta.app_secret,
        CHATAPP_META_VERIFY_TOKEN: VERIFY_TOKEN,
      }),
    );
    await chatapp.start();
    facts = await linkWaba({
      ...chatapp.services,
      links: chatapp.metaLinks!,
      upstream: chatapp.upstream,
      clock: chatapp.clock,
      wabaId: meta.waba_id,
      accessToken: meta.access_token,
      dataDir: database.dataDir,
      baseUrl,
    });
    // The business's own webhook, set up through chatapp's Graph API as on Meta.
    receiver = await WebhookReceiver.start();
    receiver.verifyToken = facts.verify_token;
    const apps = await api('GET', `/v23.0/${facts.waba_id}/subscribed_apps`);
    const appId = apps.json.data[0].whatsapp_business_api_data.id as string;
    const subscribed = await api('POST', `/v23.0/${appId}/subscriptions`, { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: facts.verify_token, fields: 'messages' });
    expect(subscribed.status, JSON.stringify(subscribed.json)).toBe(200);
    client = new WhatsAppClient({ accessToken: facts.access_token, baseUrl, graphVersion: 'v23.0' });
  }, 180_000);

  afterAll(async () => {
    await chatapp?.close();
    await sim?.stop();
    await receiver?.close();
    await database?.drop();
    await simDatabase?.drop();
  });

  it('links the WABA at Meta: its number, its templates and the app’s webhook, with Meta reachable', async () => {
    expect(facts).toMatchObject({ waba_id: meta.waba_id, phone_number_id: meta.phone_number_id, display_phone_number: meta.display_phone_number, base_url: baseUrl });
    const number = await api('GET', `/v23.0/${facts.phone_number_id}?fields=id,status,display_phone_number`);
    expect(number.json).toEqual({ id: meta.phone_number_id, status: 'CONNECTED', display_phone_number: meta.display_phone_number });
    const templates = await api('GET', `/v23.0/${facts.waba_id}/message_templates?fields=name,status`);
    expect(templates.json.data).toContainEqual(expect.objectContaining({ name: 'hello_world', status: 'APPROVED' }));
    const health = (await (await fetch(`${baseUrl}/healthz`)).json()) as Record<string, any>;
    expect(health).toMatchObject({ status: 'ok', upstream: { kind: 'meta-cloud', reachable: true, callback_url: `${baseUrl}/meta/webhook` } });
    expect(health.upstream.error).toBeUndefined();
  });

  it('delivers a user’s message to the business, and reports a reply’s sent, delivered and read under chatapp’s wamid', async () => {
    const inbound = await userWrites('+44 7700 900601', 'Do you ship ferns? 🌿');
    await receiver.waitFor(() => receiver.inbound().some((m) => m.id === inbound), 'the inbound message at the business');
    const post = receiver.received.find((r) => r.raw.includes(inbound))!;
    expect(verifySignature({ appSecret: facts.app_secret, rawBody: Buffer.from(post.raw, 'latin1'), signatureHeader: post.headers['x-hub-signature-256'] as string })).toBe(true);
    expect((post.json.entry[0]!.changes[0]!.value as { messages: unknown[] }).messages[0]).toMatchObject({ from: '447700900601', type: 'text', text: { body: 'Do you ship ferns? 🌿' } });

    const sent = await client.messages.sendText({ phoneNumberId: facts.phone_number_id, to: '+447700900601', body: 'We do, all week.' });
    const wamid = sent.messages[0]!.id;
    await receiver.waitFor(() => ['sent', 'delivered', 'read'].every((s) => receiver.statusSet(wamid).has(s)), 'sent, delivered and read for chatapp’s wamid');
    // Meta named the message anew; the business never sees Meta's wamid.
    const handed = await chatapp.store.db.selectFrom('meta_handovers').selectAll().where('wamid', '=', wamid).executeTakeFirstOrThrow();
    expect(handed.meta_wamid).toEqual(expect.any(String));
    expect(handed.meta_wamid).not.toBe(wamid);
    expect(receiver.received.some((r) => r.raw.includes(handed.meta_wamid!))).toBe(false);
    const message = await api('GET', `/v23.0/${facts.phone_number_id}/messages/${encodeURIComponent(wamid)}`);
    if (message.status === 200) expect(message.json).toMatchObject({ id: wamid });
  });

  it('refuses a delivery to /meta/webhook whose signature is wrong or missing, and keeps nothing of it', async () => {
    const count = async () => Number((await chatapp.store.db.selectFrom('meta_deliveries').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: meta.waba_id, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: meta.phone_number_id }, messages: [{ from: '447700900602', id: 'wamid.forged', timestamp: '1', type: 'text', text: { body: 'forged' } }] } }] }] });
    const signatures: Record<string, string>[] = [{}, { 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) }];
    for (const headers of signatures) {
      const res = await fetch(`${baseUrl}/meta/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      expect(res.status).toBe(401);
    }
    expect(await count()).toBe(before);
    const handshake = await fetch(`${baseUrl}/meta/webhook?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=123`);
    expect(handshake.status).toBe(403);
    const good = await fetch(`${baseUrl}/meta/webhook?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=123`);
    expect(await good.text()).toBe('123');
  });
});
