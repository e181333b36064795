import { hostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { AccountsService } from './accounts/service.js';
import type { Config } from './config.js';
import { SandboxClock, systemClock, type Clock } from './core/clock.js';
import { buildApp, type Services } from './http/app.js';
import { NumbersService } from './numbers/service.js';
import { openStore, type Store } from './store/database.js';
import { JobRunner } from './store/queue.js';

/** A composed chatapp: store, services, HTTP app and workers, not yet listening. */
export interface Chatapp {
  readonly config: Config;
  readonly store: Store;
  readonly clock: Clock;
  readonly services: Services;
  readonly app: FastifyInstance;
  readonly runner: JobRunner;
  /** Listens (API role) and starts the workers (worker role); returns the address it listens on. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/** The composition root: config → store → services → http → workers (DESIGN.md). */
export async function createChatapp(config: Config, options: { clock?: Clock } = {}): Promise<Chatapp> {
  const log = pino({ level: config.logLevel });
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  // The sandbox clock can be advanced; against Meta's real platform time is real time.
  const clock = options.clock ?? (config.upstream === 'simulator' ? new SandboxClock() : systemClock);
  const services: Services = {
    accounts: new AccountsService({ store, clock }),
    numbers: new NumbersService({ store, clock }),
  };
  const app = await buildApp({ store, clock, services, publicUrl: config.publicUrl, logLevel: config.logLevel });
  const runner = new JobRunner({ store, clock, owner: `${hostname()}:${process.pid}`, log });
  let listening = false;

  return {
    config,
    store,
    clock,
    services,
    app,
    runner,
    async start() {
      if (config.role !== 'api') runner.start();
      if (config.role === 'worker') {
        await app.ready();
        return 'worker';
      }
      const address = await app.listen({ port: config.port, host: config.host });
      listening = true;
      return address;
    },
    async close() {
      await runner.stop();
      await app.close();
      if (listening) listening = false;
      await store.close();
    },
  };
}
