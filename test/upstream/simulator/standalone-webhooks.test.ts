import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../../src/core/clock.js';
import { loadConfig } from '../../../src/config.js';
import { serveSimulator, type RunningSimulator } from '../../../src/upstream/simulator/standalone/server.js';
import { seedTestBusiness, type SeedFacts } from '../../../src/upstream/simulator/standalone/seed.js';
import { databaseTargets, type FreshDatabase } from '../../helpers/databases.js';
import { eventually, WebhookReceiver } from '../../helpers/receiver.js';

// The standalone simulator in process, listening on 127.0.0.1: how its webhooks reach (or do not
// reach) a callback, and what of its secrets the database holds.

const sqlite = databaseTargets.find((t) => t.name === 'sqlite')!;

describe('the standalone simulator’s webhooks', () => {
  let database: FreshDatabase;
  let running: RunningSimulator;
  let biz: SeedFacts;
  let base: string;
  const clock = new SandboxClock();

  const call = async (method: string, path: string, options: { token?: string; form?: Record<string, string>; json?: object } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? biz.access_token}` };
    let body: string | undefined;
    if (options.form) (headers['content-type'] = 'application/x-www-form-urlencoded'), (body = new URLSearchParams(options.form).toString());
    if (options.json) (headers['content-type'] = 'application/json'), (body = JSON.stringify(options.json));
    const res = await fetch(`${base}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const subscribe = async (receiver: WebhookReceiver, fields: string) => {
    receiver.verifyToken = biz.verify_token;
    const res = await call('POST', `/v23.0/${biz.app_id}/subscriptions`, {
      token: `${biz.app_id}|${biz.app_secret}`,
      form: { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: biz.verify_token, fields },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
  };
  const userWrites = async (from: string, text: string) => {
    const res = await call('POST', '/simulator/messages', { json: { from, to: biz.phone_number_id, message: { type: 'text', text: { body: text } } } });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.id as string;
  };

  /** Jobs of these kinds still to run (a done job is deleted). */
  const pending = (kinds: readonly string[]) => running.parts.store.db.selectFrom('jobs').selectAll().where('kind', 'in', kinds).execute();
  const deliveries = () => pending(['sim.webhook_delivery']);

  beforeAll(async () => {
    database = await sqlite.create();
    const config = loadConfig({ CHATAPP_DATA_DIR: database.dataDir, PORT: '0', LOG_LEVEL: 'silent', CHATAPP_SIM_DELIVERY_MS: '20', CHATAPP_SIM_READ_MS: '40' });
    running = await serveSimulator(config, { clock });
    base = running.address;
    biz = await seedTestBusiness({ ...running.parts, dataDir: database.dataDir, graphUrl: base });
  });
  afterAll(async () => {
    await running?.close();
    await database?.drop();
  });

  it('retries a webhook the callback refused until it is acknowledged', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      await subscribe(receiver, 'messages');
      receiver.mode = 'fail';
      const id = await userWrites('+44 7700 900601', 'Anyone there?');
      // Refused once: the delivery's job waits for its retry, which is taken once the callback answers 200.
      const refused = await eventually(async () => {
        const jobs = await deliveries();
        expect(jobs.some((j) => j.attempts >= 1 && j.last_error?.includes('HTTP 500'))).toBe(true);
        return jobs;
      });
      expect(refused.length).toBe(1);
      expect(receiver.inbound().some((m) => m.id === id)).toBe(false);
      receiver.mode = 'ok';
      await receiver.waitFor(() => receiver.inbound().some((m) => m.id === id), 'the retried inbound message');
    } finally {
      await receiver.close();
    }
  });

  it('posts only the fields the app subscribed to, and nothing for a WABA unsubscribed from the app', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      await subscribe(receiver, 'message_template_status_update');
      const before = await userWrites('+44 7700 900602', 'Not for a template-only callback');
      const created = await call('POST', `/v23.0/${biz.waba_id}/message_templates`, {
        json: { name: 'pickup_ready', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order {{1}} is ready for pickup.', example: { body_text: [['A-7']] } }] },
      });
      expect(created.status, JSON.stringify(created.json)).toBe(200);
      await call('POST', '/simulator/clock/advance', { json: { seconds: 60 } });
      await receiver.waitFor(() => receiver.values('message_template_status_update').length > 0, 'the review’s decision');
      expect(receiver.inbound().some((m) => m.id === before)).toBe(false);

      expect((await call('DELETE', `/v23.0/${biz.waba_id}/subscribed_apps`)).status).toBe(200);
      expect((await call('GET', `/v23.0/${biz.waba_id}/subscribed_apps`)).json.data).toEqual([]);
      await subscribe(receiver, 'messages');
      const after = await userWrites('+44 7700 900603', 'Nobody listens');
      // Nothing arrived: the message's inbound job has run and left no delivery behind.
      await eventually(async () => expect(await pending(['sim.inbound', 'sim.webhook_delivery'])).toEqual([]));
      expect(receiver.inbound().some((m) => m.id === after)).toBe(false);
      expect((await call('POST', `/v23.0/${biz.waba_id}/subscribed_apps`)).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('keeps the app secret and verify tokens sealed and access tokens hashed', async () => {
    const db = running.parts.store.db;
    const app = await db.selectFrom('sim_apps').selectAll().where('id', '=', biz.app_id).executeTakeFirstOrThrow();
    expect(app.secret_sealed).not.toContain(biz.app_secret);
    expect(running.parts.box.open(app.secret_sealed)).toBe(biz.app_secret);
    const tokens = await db.selectFrom('sim_app_tokens').selectAll().execute();
    expect(tokens.length).toBeGreaterThan(0);
    expect(JSON.stringify(tokens)).not.toContain(biz.access_token);
    const subscriptions = await db.selectFrom('sim_app_subscriptions').selectAll().execute();
    expect(JSON.stringify(subscriptions)).not.toContain(biz.verify_token);
    const seeds = await db.selectFrom('sim_seeds').selectAll().execute();
    expect(JSON.stringify(seeds)).not.toContain(biz.verify_token);
  });

  it('answers the same facts when seeded again in the same process', async () => {
    expect(await seedTestBusiness({ ...running.parts, dataDir: database.dataDir, graphUrl: base })).toEqual(biz);
  });
});
