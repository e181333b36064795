import { hostname } from 'node:os';
import path from 'node:path';
import formbody from '@fastify/formbody';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import pino from 'pino';
import { SandboxClock, systemClock, type Clock } from '../../../core/clock.js';
import { registerErrorHandling } from '../../../core/graph-boundary.js';
import { GraphError } from '../../../core/graph-errors.js';
import { stripGraphVersion } from '../../../core/graph-version.js';
import { OutboundHttpClient } from '../../../core/outbound-http.js';
import { loadKeyFile, SecretBox } from '../../../core/secret-box.js';
import { openStore, type Store } from '../../../store/database.js';
import { GroupCommitter } from '../../../store/group-commit.js';
import { JobRunner } from '../../../store/queue.js';
import { loadSandboxClock } from '../clock.js';
import { createSimulator, type Simulator, type SimulatorSettings } from '../compose.js';
import { registerSimulatorRoutes } from '../routes.js';
import { SimulatorApps } from './apps.js';
import { registerGraphAuth, standaloneSandboxGuard } from './auth.js';
import { applyFaults, GraphFaults } from './faults.js';
import { GraphObjects } from './objects.js';
import { registerMessageRoutes } from './routes-messages.js';
import { registerNodeRoutes } from './routes-nodes.js';
import { registerNumberRoutes } from './routes-numbers.js';
import { registerOAuthRoutes } from './routes-oauth.js';
import { registerStandaloneSandboxRoutes } from './routes-sandbox.js';
import { registerTemplateRoutes } from './routes-templates.js';
import { registerWebhookRoutes } from './routes-webhooks.js';
import { SignupCodes } from './signup-codes.js';
import { StandaloneWebhooks } from './webhooks.js';
import { redactUrl } from '../../../core/graph-request.js';

/** What `chatapp simulator serve` and `seed` need of the configuration (PORT, HOST, CHATAPP_DATA_DIR, DATABASE_URL …). */
export interface StandaloneConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly publicUrl: string | undefined;
  readonly logLevel: string;
  readonly simulator: SimulatorSettings;
}

/** Meta's side on its own store: the simulator, the standalone server's apps, and what they share. */
export interface Standalone {
  readonly store: Store;
  readonly clock: SandboxClock;
  readonly wall: Clock;
  readonly committer: GroupCommitter;
  readonly box: SecretBox;
  readonly http: OutboundHttpClient;
  readonly simulator: Simulator;
  readonly apps: SimulatorApps;
  readonly objects: GraphObjects;
  readonly log: pino.Logger;
  close(): Promise<void>;
}

/**
 * Opens the store (migrated) and composes the simulator and its apps, for the server or the seed
 * command. Secrets are sealed with the key in `<data dir>/simulator/secret.key` (0600), created at
 * first use: processes sharing a PostgreSQL database must share that file too.
 */
export async function openStandalone(config: StandaloneConfig, options: { clock?: SandboxClock; wall?: Clock } = {}): Promise<Standalone> {
  const log = pino({ level: config.logLevel });
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
    const clock = options.clock ?? new SandboxClock();
    const wall = options.wall ?? systemClock;
    await loadSandboxClock(store, clock);
    const committer = new GroupCommitter(store);
    const box = new SecretBox(loadKeyFile(path.join(config.dataDir, 'simulator', 'secret.key')));
    const http = new OutboundHttpClient();
    const simulator = createSimulator({ store, clock, wall, committer, dataDir: config.dataDir, publicUrl: config.publicUrl, settings: config.simulator, log });
    const apps = new SimulatorApps({ store, clock, box, http });
    const objects = new GraphObjects({ store });
    return {
      store,
      clock,
      wall,
      committer,
      box,
      http,
      simulator,
      apps,
      objects,
      log,
      async close() {
        await http.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The standalone simulator's HTTP app (STYLE.md §1: no listening here): the Graph endpoints of the
 * port at graph.facebook.com's paths, with or without a version prefix, and the sandbox's controls
 * under `/simulator`. Errors answer in Graph's envelope, through chatapp's one boundary (core/).
 */
export async function buildSimulatorApp(
  parts: Pick<Standalone, 'store' | 'clock' | 'wall' | 'simulator' | 'apps' | 'objects'> & { publicUrl?: string | undefined; logLevel?: string },
): Promise<FastifyInstance> {
  const { store, clock, wall, simulator, apps, objects, publicUrl } = parts;
  // Test harness state, in this process's memory: injected faults and Embedded Signup's pending codes.
  const faults = new GraphFaults({ wall });
  const codes = new SignupCodes({ wall, store, apps });
  const app = Fastify({
    bodyLimit: DEFAULT_BODY_LIMIT,
    rewriteUrl: (req) => stripGraphVersion(req),
    logger: {
      level: parts.logLevel ?? 'info',
      // Secrets never reach the log: tokens may ride in the query string, and headers are not logged.
      serializers: { req: (req) => ({ method: req.method, url: redactUrl(req.url) }) },
      redact: ['req.headers.authorization', '*.access_token', '*.app_secret', '*.pin', '*.verify_token'],
    },
    logController: new LogController({ disableRequestLogging: parts.logLevel !== 'debug' && parts.logLevel !== 'trace' }),
  });
  registerErrorHandling(app);
  // An answer to a request that may have written leaves only once those writes are on disk.
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') await store.durable();
  });
  await app.register(formbody, { bodyLimit: DEFAULT_BODY_LIMIT });
  const baseUrl = (request: FastifyRequest): string => publicUrl ?? `${request.protocol}://${request.host}`;

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => {
    try {
      await store.ping();
    } catch {
      throw new GraphError('service', 'The database is not reachable');
    }
    return { status: 'ready' };
  });

  await app.register(async (graph) => {
    applyFaults(graph, faults);
    registerGraphAuth(graph, apps);
    const { upstream, templateSends } = simulator;
    await registerMessageRoutes(graph, { clock, upstream, templateSends, objects, baseUrl });
    registerTemplateRoutes(graph, { upstream, objects, baseUrl });
    registerNumberRoutes(graph, { upstream, objects, baseUrl });
    registerWebhookRoutes(graph, { upstream, apps, objects });
    registerNodeRoutes(graph, { upstream, apps, objects, baseUrl });
    registerOAuthRoutes(graph, { codes });
  });
  await app.register(
    async (sandbox) => {
      registerSimulatorRoutes(sandbox, { store, clock, simulator: simulator.platform, publicUrl, authorize: standaloneSandboxGuard(apps) });
      registerStandaloneSandboxRoutes(sandbox, { faults, codes, apps });
    },
    { prefix: '/simulator' },
  );
  return app;
}

/** A running standalone simulator. */
export interface RunningSimulator {
  readonly address: string;
  readonly app: FastifyInstance;
  readonly parts: Standalone;
  close(): Promise<void>;
}

/**
 * `chatapp simulator serve`: the store, the simulator speaking through signed webhooks to the
 * callbacks apps subscribed, its jobs (reviews, inbound messages, deliveries) and receipts worker,
 * and the HTTP server, listening.
 */
export async function serveSimulator(config: StandaloneConfig, options: { clock?: SandboxClock; wall?: Clock } = {}): Promise<RunningSimulator> {
  const parts = await openStandalone(config, options);
  const { store, clock, wall, committer, simulator, apps, http, log } = parts;
  const webhooks = new StandaloneWebhooks({ store, clock, committer, apps, http });
  const runner = new JobRunner({ store, clock, wall, owner: `${hostname()}:${process.pid}:simulator`, log, concurrency: 100, committer });
  simulator.connect(webhooks, runner);
  webhooks.connect(runner);
  const app = await buildSimulatorApp({ ...parts, publicUrl: config.publicUrl, logLevel: config.logLevel });
  const workers = [runner, simulator.receipts];
  for (const w of workers) w.start();
  let address: string;
  try {
    address = await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await Promise.all(workers.map((w) => w.stop()));
    await parts.close();
    throw error;
  }
  return {
    address,
    app,
    parts,
    async close() {
      await app.close();
      await Promise.all(workers.map((w) => w.stop()));
      await parts.close();
    },
  };
}
