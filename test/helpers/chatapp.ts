import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { SandboxClock } from '../../src/core/clock.js';
import { setupDemo, type DemoFacts } from '../../src/demo/service.js';
import { createChatapp, type Chatapp } from '../../src/main.js';
import { HoldableClock, TestWall } from './clocks.js';
import type { DatabaseTarget, FreshDatabase } from './databases.js';

export interface TestChatapp {
  readonly chatapp: Chatapp;
  readonly clock: SandboxClock;
  /** Wall time (real time unless the test jumps it): sessions, token expiry and leases run on it. */
  readonly wall: TestWall;
  /** Holds the sandbox clock still (a burst of requests then lands at one instant), and lets it run on again. */
  holdClock(): void;
  releaseClock(): void;
  readonly database: FreshDatabase;
  /** Where the server listens, for clients that need real HTTP (an SDK, fetch). */
  listen(): Promise<string>;
  /** A new, separate business with a token, an app, a WABA and a CONNECTED number. */
  business(name?: string): Promise<DemoFacts>;
  /** A Graph API call as the business's token, answered as status and JSON. */
  graph(biz: DemoFacts, method: 'GET' | 'POST' | 'DELETE', path: string, body?: object): Promise<{ status: number; json: Record<string, any> }>;
  /**
   * Moves the sandbox clock on through the simulator API, as `biz` (its token carries the
   * management permission) or, without one, as a business of the test chatapp's own, made once.
   */
  advance(seconds: number, biz?: DemoFacts): Promise<void>;
  /** A `/simulator/…` call as the business (its bearer token); `url` starts after `/simulator`. */
  simulator(biz: DemoFacts, method: 'GET' | 'POST', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** Points the business's app at `receiver` for `fields`, through the Graph API (with Meta's handshake). */
  subscribe(biz: DemoFacts, receiver: { url: string; verifyToken: string }, fields: string): Promise<void>;
  close(): Promise<void>;
}

/** A chatapp on a fresh database of `target`, its clock in the test's hands; not listening (use `app.inject`). */
export async function startTestChatapp(target: DatabaseTarget, overrides: Record<string, string> = {}): Promise<TestChatapp> {
  const database = await target.create();
  const config: Config = loadConfig({
    CHATAPP_DATA_DIR: database.dataDir,
    ...(database.databaseUrl ? { DATABASE_URL: database.databaseUrl } : {}),
    LOG_LEVEL: 'silent',
    PORT: '0',
    CHATAPP_SIM_DELIVERY_MS: '20',
    CHATAPP_SIM_READ_MS: '40',
    ...overrides,
  });
  // The sandbox clock runs on real time that a test may hold still (`holdClock`), never on the wall clock's jumps.
  const realTime = new HoldableClock();
  const clock = new SandboxClock({ base: realTime });
  const wall = new TestWall();
  const chatapp = await createChatapp(config, { clock, wall });
  await chatapp.app.ready();
  for (const runner of chatapp.runners) runner.start();
  let clockKeeper: Promise<DemoFacts> | undefined;
  const t: TestChatapp = {
    chatapp,
    clock,
    wall,
    holdClock: () => realTime.hold(),
    releaseClock: () => realTime.release(),
    database,
    async listen() {
      const address = await chatapp.app.listen({ port: 0, host: '127.0.0.1' });
      return address;
    },
    business: (name) =>
      setupDemo({
        accounts: chatapp.services.accounts,
        numbers: chatapp.services.numbers,
        webhooks: chatapp.services.webhooks,
        templates: chatapp.services.templates,
        platform: chatapp.demo!,
        dataDir: database.dataDir,
        baseUrl: 'http://localhost',
        businessName: name ?? `Test Business ${randomBytes(4).toString('hex')}`,
      }),
    async graph(biz, method, path, body) {
      const res = await chatapp.app.inject({ method, url: `/v23.0/${path}`, headers: bearer(biz.access_token), ...(body ? { payload: body } : {}) });
      return { status: res.statusCode, json: res.json() as Record<string, any> };
    },
    async advance(seconds, biz) {
      const as = biz ?? (await (clockKeeper ??= t.business('Sandbox clock keeper')));
      const res = await t.simulator(as, 'POST', '/clock/advance', { seconds });
      if (res.statusCode !== 200) throw new Error(`advancing the clock failed: ${res.body}`);
    },
    simulator: (biz, method, url, payload) =>
      chatapp.app.inject({ method, url: `/simulator${url}`, headers: bearer(biz.access_token), ...(payload ? { payload } : {}) }),
    async subscribe(biz, receiver, fields) {
      const appId = (await chatapp.services.accounts.authenticate(biz.access_token)).appId;
      const res = await chatapp.app.inject({
        method: 'POST',
        url: `/v23.0/${appId}/subscriptions`,
        headers: bearer(biz.access_token),
        payload: { object: 'whatsapp_business_account', callback_url: receiver.url, verify_token: receiver.verifyToken, fields },
      });
      if (res.statusCode !== 200) throw new Error(`subscribing the app failed: ${res.body}`);
    },
    async close() {
      await chatapp.close();
      await database.drop();
    },
  };
  return t;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
