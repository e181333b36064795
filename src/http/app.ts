import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import { registerConsoleAuth } from '../accounts/console-auth.js';
import { registerAccountsRoutes } from '../accounts/routes.js';
import { registerAnalyticsConsoleRoutes } from '../analytics/console-routes.js';
import { registerAnalyticsRoutes } from '../analytics/routes.js';
import type { AnalyticsService } from '../analytics/service.js';
import { registerVerificationRoutes } from '../accounts/verification-routes.js';
import type { BusinessVerification } from '../accounts/verification.js';
import type { AccountsService } from '../accounts/service.js';
import { registerBillingRoutes } from '../billing/routes.js';
import type { BillingService } from '../billing/service.js';
import type { SandboxClock } from '../core/clock.js';
import { GraphError } from '../core/graph-errors.js';
import { registerInboxRoutes } from '../inbox/routes.js';
import type { InboxService } from '../inbox/service.js';
import { registerInboxStream } from '../inbox/stream.js';
import type { InboxTeam } from '../inbox/team-service.js';
import { registerMediaRoutes } from '../media/routes.js';
import type { MediaService } from '../media/service.js';
import { registerPublicPictureRoute, registerUploadRoutes } from '../media/upload-routes.js';
import type { UploadsService } from '../media/uploads.js';
import type { DryRun } from '../messaging/dry-run.js';
import { registerMessagingRoutes } from '../messaging/routes.js';
import type { MessagingService } from '../messaging/service.js';
import type { WabaAccounts } from '../numbers/accounts.js';
import { registerAccountConsoleRoutes } from '../numbers/console-routes.js';
import type { NumberOnboarding } from '../numbers/onboarding.js';
import { registerOnboardingRoutes } from '../numbers/onboarding-routes.js';
import { registerNumbersRoutes } from '../numbers/routes.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import { registerTemplateConsoleRoutes, registerTemplateGraphRoutes } from '../templates/routes.js';
import type { TemplatesService } from '../templates/service.js';
import { registerSimulatorRoutes } from '../upstream/simulator/routes.js';
import type { SimulatorPlatform } from '../upstream/simulator/platform.js';
import type { UpstreamSurface } from '../upstream/surface.js';
import { registerWebhookConsoleRoutes, registerWebhookGraphRoutes } from '../webhooks/routes.js';
import type { WebhooksService } from '../webhooks/service.js';
import { redactUrl } from '../core/graph-request.js';
import { registerErrorHandling } from './errors.js';
import { GraphNodes, registerGraphHooks } from './graph.js';
import { stripGraphVersion } from './graph-version.js';
import { registerMetrics } from './metrics.js';
import { sandboxGuard } from './sandbox-auth.js';
import { registerConsoleStatic } from './static.js';

export interface Services {
  readonly accounts: AccountsService;
  readonly verification: BusinessVerification;
  readonly numbers: NumbersService;
  readonly wabaAccounts: WabaAccounts;
  readonly onboarding: NumberOnboarding;
  readonly messaging: MessagingService;
  readonly webhooks: WebhooksService;
  readonly media: MediaService;
  readonly uploads: UploadsService;
  readonly templates: TemplatesService;
  readonly analytics: AnalyticsService;
  readonly billing: BillingService;
  readonly dryRun: DryRun;
  readonly inbox: InboxService;
  readonly inboxTeam: InboxTeam;
}

export interface AppOptions {
  readonly store: Store;
  readonly clock: SandboxClock;
  readonly services: Services;
  /** The embedded simulator: its `/simulator/…` API is served only in the sandbox. */
  readonly simulator?: SimulatorPlatform | undefined;
  /** meta-cloud's routes (`/meta/webhook`), health and metrics. */
  readonly upstreamSurface?: UpstreamSurface | undefined;
  readonly publicUrl?: string | undefined;
  readonly logLevel?: string;
  /** Largest request body accepted, in bytes (media uploads set their own limit). */
  readonly bodyLimit?: number;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The Fastify app factory used by `main` and by the tests (STYLE.md §1): wires routes, no listening. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { store, services, publicUrl } = options;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    rewriteUrl: (req) => stripGraphVersion(req),
    logger: {
      level: options.logLevel ?? 'info',
      // Secrets never reach the log: tokens may ride in the query string, and headers are not logged.
      serializers: { req: (req) => ({ method: req.method, url: redactUrl(req.url) }) },
      redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.access_token', '*.app_secret', '*.pin'],
    },
    // One log line per request is noise at info level; debug and trace turn it on.
    logController: new LogController({ disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace' }),
  });

  registerErrorHandling(app);
  // An answer to a request that may have written leaves only once those writes are on disk.
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') await store.durable();
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'chatapp',
        version: '0.1.0',
        description:
          'A WhatsApp Cloud API compatible BSP platform. Graph paths work with a version prefix (`/v17.0` … `/v25.0`) or without one.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const registry = registerMetrics(app, store, options.clock);
  const surface = options.upstreamSurface;
  surface?.metrics(registry);
  await surface?.register(app);

  registerPublicPictureRoute(app, services.uploads);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok', ...(await surface?.health()) }));
  app.get('/readyz', { schema: { hide: true } }, async () => {
    try {
      await store.ping();
    } catch {
      throw new GraphError('service', 'The database is not reachable');
    }
    return { status: 'ready' };
  });

  await app.register(async (graph) => {
    registerGraphHooks(graph, services.accounts);
    const nodes = new GraphNodes();
    registerNumbersRoutes(graph, { store, nodes, numbers: services.numbers, accounts: services.accounts, publicUrl });
    registerOnboardingRoutes(graph, { store, nodes, numbers: services.numbers, onboarding: services.onboarding, publicUrl });
    registerMessagingRoutes(graph, { store, numbers: services.numbers, messaging: services.messaging, dryRun: services.dryRun });
    registerWebhookGraphRoutes(graph, { store, nodes, webhooks: services.webhooks, accounts: services.accounts, numbers: services.numbers });
    await registerMediaRoutes(graph, { store, nodes, media: services.media, numbers: services.numbers, publicUrl });
    await registerUploadRoutes(graph, { store, uploads: services.uploads });
    registerTemplateGraphRoutes(graph, { store, nodes, templates: services.templates, publicUrl });
    registerAnalyticsRoutes(graph, { store, nodes, analytics: services.analytics });
    const nodeSchema = { params: { type: 'object', properties: { id: { type: 'string' } } }, tags: ['Graph'], summary: 'A Graph node by id' } as const;
    for (const method of ['get', 'post', 'delete'] as const) {
      graph[method]('/:id(^\\d+$)', { schema: nodeSchema }, (request) => nodes.dispatch(store, request, method, (request.params as { id: string }).id));
    }
  });

  await app.register(
    async (consoleApi) => {
      registerConsoleAuth(consoleApi, services.accounts);
      registerAccountsRoutes(consoleApi, { accounts: services.accounts, secureCookies: publicUrl?.startsWith('https:') ?? false });
      registerWebhookConsoleRoutes(consoleApi, { webhooks: services.webhooks });
      registerTemplateConsoleRoutes(consoleApi, { templates: services.templates, numbers: services.numbers, messaging: services.messaging, uploads: services.uploads, accounts: services.accounts });
      registerAnalyticsConsoleRoutes(consoleApi, { analytics: services.analytics });
      registerVerificationRoutes(consoleApi, { verification: services.verification });
      registerBillingRoutes(consoleApi, { billing: services.billing, now: () => options.clock.now() });
      registerAccountConsoleRoutes(consoleApi, { accounts: services.wabaAccounts, onboarding: services.onboarding, numbers: services.numbers, store, clock: options.clock, verification: services.verification });
      registerInboxRoutes(consoleApi, { inbox: services.inbox, team: services.inboxTeam });
      registerInboxStream(consoleApi, { inbox: services.inbox });
    },
    { prefix: '/console/api' },
  );

  const { simulator } = options;
  if (simulator) {
    // Guarded by the business's credentials and scoped to it (sandbox-auth.ts); the simulator knows no accounts.
    const authorize = sandboxGuard(services.accounts);
    await app.register(async (sim) => registerSimulatorRoutes(sim, { store, clock: options.clock, simulator, publicUrl, authorize }), { prefix: '/simulator' });
  }
  await registerConsoleStatic(app);

  return app;
}
