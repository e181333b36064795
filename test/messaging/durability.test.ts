import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseTargets, type FreshDatabase } from '../helpers/databases.js';
import { WebhookReceiver } from '../helpers/receiver.js';
import { startServer, type ServerProcess } from '../helpers/server-process.js';

const SENDS = 1000;
// 25 sends each: within the pair rate's burst of 45, so pacing holds none of them back.
const USERS = 40;

describe.each(databaseTargets)('durability of accepted sends on $name', (target) => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
  });

  it('brings every send answered before a SIGKILL to its final status and webhooks after a restart, handing each to the platform once', async () => {
    const database: FreshDatabase = await target.create();
    cleanup.push(() => database.drop());
    const vars = { CHATAPP_DATA_DIR: database.dataDir, DATABASE_URL: database.databaseUrl, CHATAPP_SIM_DELIVERY_MS: '200', CHATAPP_SIM_READ_MS: '300' };
    const receiver = await WebhookReceiver.start();
    cleanup.push(() => receiver.close());

    let server: ServerProcess = await startServer(vars);
    cleanup.push(() => void server.child.kill('SIGKILL'));
    const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
      fetch(`${server.baseUrl}${path}`, {
        method: init.method ?? 'GET',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });

    const apps = (await (await api(`/v23.0/${server.wabaId}/subscribed_apps`)).json()) as { data: { whatsapp_business_api_data: { id: string } }[] };
    const appId = apps.data[0]!.whatsapp_business_api_data.id;
    const subscribed = await api(`/v23.0/${appId}/subscriptions`, { method: 'POST', body: { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: receiver.verifyToken, fields: 'messages' } });
    expect(subscribed.status, await subscribed.text()).toBe(200);

    const users = Array.from({ length: USERS }, (_, i) => `4915123${String(i).padStart(5, '0')}`);
    for (const from of users) {
      const res = await api('/simulator/messages', { method: 'POST', body: { from: `+${from}`, to: server.phoneNumberId, message: { type: 'text', text: { body: 'hallo' } } } });
      expect(res.status).toBe(200);
    }
    await receiver.waitFor(() => receiver.inbound().length >= USERS, 'every user to have written');

    const ids: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < SENDS) {
          const n = next++;
          const res = await api(`/v23.0/${server.phoneNumberId}/messages`, {
            method: 'POST',
            body: { messaging_product: 'whatsapp', to: `+${users[n % USERS]}`, type: 'text', text: { body: `Nachricht ${n} ✓` } },
          });
          expect(res.status).toBe(200);
          ids.push(((await res.json()) as { messages: { id: string }[] }).messages[0]!.id);
        }
      }),
    );
    server.child.kill('SIGKILL');
    await server.exited;
    expect(ids).toHaveLength(SENDS);

    server = await startServer(vars);
    const final = () => ids.every((id) => receiver.statusSet(id).has('read'));
    await receiver.waitFor(final, `read webhooks for all ${SENDS} messages`, 120_000);
    // Every message's final status arrived and none failed. (An intermediate `sent` or `delivered`
    // can still be lost when the crash falls between receipts of one message: a known gap, see the README.)
    for (const id of ids) {
      expect(receiver.statusSet(id).has('read')).toBe(true);
      expect(receiver.statusSet(id).has('failed')).toBe(false);
    }

    // What the simulated phones hold: each message once, however often it was handed over.
    let onPhones = 0;
    for (const user of users) {
      const chat = (await (await api(`/simulator/users/${user}/chat?phone_number_id=${server.phoneNumberId}`)).json()) as { messages: { id: string; from: string }[] };
      const fromBusiness = chat.messages.filter((m) => m.from === 'business').map((m) => m.id);
      expect(new Set(fromBusiness).size).toBe(fromBusiness.length);
      onPhones += fromBusiness.length;
    }
    expect(onPhones).toBe(SENDS);
    server.child.kill('SIGTERM');
    await server.exited;
    expect(fs.existsSync(database.dataDir)).toBe(true);
  }, 240_000);
});
