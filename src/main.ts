import { hostname } from 'node:os';
import path from 'node:path';
import { loadKeyFile, SecretBox } from './core/secret-box.js';
import { createMetaCloud } from './upstream/meta-cloud/compose.js';
import type { MetaLinks } from './upstream/meta-cloud/links.js';
import type { Upstream } from './upstream/types.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { AccountsService } from './accounts/service.js';
import { AnalyticsService } from './analytics/service.js';
import { BusinessVerification } from './accounts/verification.js';
import type { Config } from './config.js';
import type { DemoPlatform } from './demo/service.js';
import { SandboxClock, systemClock, type Clock } from './core/clock.js';
import { buildApp, type Services } from './http/app.js';
import { InboxEventBus } from './inbox/events.js';
import { ConversationKeeper } from './inbox/keeper.js';
import { Presence } from './inbox/presence.js';
import { InboxService } from './inbox/service.js';
import { InboxTeam } from './inbox/team-service.js';
import { BillingService } from './billing/service.js';
import { MediaService } from './media/service.js';
import { DryRun } from './messaging/dry-run.js';
import { UploadsService } from './media/uploads.js';
import { fetchInboundMedia } from './messaging/inbound-media.js';
import { dispatchMessage, MessagingService } from './messaging/service.js';
import { WabaAccounts } from './numbers/accounts.js';
import { NumberOnboarding, submitName } from './numbers/onboarding.js';
import { NumbersService } from './numbers/service.js';
import { NumberStanding } from './numbers/standing.js';
import { openStore, type Store } from './store/database.js';
import { GroupCommitter } from './store/group-commit.js';
import { JobRunner, type Worker } from './store/queue.js';
import { loadSandboxClock } from './upstream/simulator/clock.js';
import { createSimulator } from './upstream/simulator/compose.js';
import { routeChanges } from './upstream/sink-router.js';
import { isTemplateField, type TemplateChange } from './templates/lifecycle.js';
import { registerLegacyTemplateJobs, TemplatesService } from './templates/service.js';
import { WebhookHttpClient } from './webhooks/http-client.js';
import { WebhookOutbox } from './webhooks/outbox.js';
import { WEBHOOK_LEASE_MS, WebhooksService } from './webhooks/service.js';

/** A composed chatapp: store, services, HTTP app and workers, not yet listening. */
export interface Chatapp {
  readonly config: Config;
  readonly store: Store;
  readonly clock: SandboxClock;
  readonly services: Services;
  /** Meta's side as the demo sees it: a portfolio, and a WABA and a number seeded at once. Only in the sandbox. */
  readonly demo: DemoPlatform | undefined;
  /** The business tokens of WABAs linked at Meta (`chatapp link`). Only with meta-cloud. */
  readonly metaLinks: MetaLinks | undefined;
  /** Meta's side as chatapp reaches it: the simulator, or meta-cloud. */
  readonly upstream: Upstream;
  readonly app: FastifyInstance;
  /** The background workers: job runners, the webhook outbox and the simulator's receipts. Started by `start()` unless the role is `api`. */
  readonly runners: readonly Worker[];
  /** Listens (API role) and starts the workers (worker role); returns the address it listens on. */
  start(): Promise<string>;
  close(): Promise<void>;
}

/**
 * The composition root: config → store → upstream → services → http → workers (DESIGN.md). The
 * sandbox clock is business time; `wall` (tests pass one they control) is what console sessions,
 * token expiry, presence and leases run on, so a jump of the sandbox expires no session and hands
 * no claimed work to a second worker.
 */
export async function createChatapp(config: Config, options: { clock?: SandboxClock; wall?: Clock } = {}): Promise<Chatapp> {
  const log = pino({ level: config.logLevel });
  const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  const clock = options.clock ?? new SandboxClock();
  const wall = options.wall ?? systemClock;
  await loadSandboxClock(store, clock);

  const committer = new GroupCommitter(store);
  const http = new WebhookHttpClient();
  const owner = `${hostname()}:${process.pid}`;
  const runner = (name: string, concurrency: number) => new JobRunner({ store, clock, wall, owner: `${owner}:${name}`, log, concurrency, committer });
  const runners = { dispatch: runner('dispatch', 200), simulator: runner('simulator', 200) };

  // The handshake belongs to webhooks, which needs accounts: the late binding breaks the cycle.
  let webhooksRef: WebhooksService | undefined;
  const accounts = new AccountsService({ store, clock, wall, verifyCallback: (url, token) => webhooksRef!.verifyCallback(url, token), appChanged: () => webhooksRef?.invalidateRoutes() });
  const uploads = new UploadsService({ store, clock, dataDir: config.dataDir });
  // Meta's side: embedded (the simulator, its own tables and rules, reached only through the port and
  // speaking only through the sink), or Meta's real Cloud API over HTTP (meta-cloud).
  const box = new SecretBox(config.secretKey ?? loadKeyFile(path.join(config.dataDir, 'secret.key')));
  const simulator = config.meta ? undefined : createSimulator({ store, clock, wall, committer, dataDir: config.dataDir, publicUrl: config.publicUrl, settings: config.simulator, log });
  const metaCloud = config.meta ? createMetaCloud({ store, clock, committer, config: config.meta, box, log }) : undefined;
  const upstream = simulator?.upstream ?? metaCloud!.upstream;
  const numbers = new NumbersService({ store, clock, uploads, upstream });
  const webhooks = new WebhooksService({ store, clock, accounts, http, committer });
  webhooksRef = webhooks;
  const media = new MediaService({ store, clock, dataDir: config.dataDir, log, upstream });
  const templates = new TemplatesService({ store, clock, committer, accounts, webhooks, uploads, upstream });
  const wabaAccounts = new WabaAccounts({
    store,
    clock,
    committer,
    numbers,
    webhooks,
    upstream,
    businessStatus: async (id) => (await accounts.getBusiness(id))?.verificationStatus ?? 'not_verified',
  });
  const standing = new NumberStanding({ store, committer, numbers, webhooks });
  const verification = new BusinessVerification({ store, clock, committer, numbers, webhooks, upstream });
  const onboarding = new NumberOnboarding({ store, clock, committer, numbers, accounts, webhooks, upstream });
  const billing = new BillingService({ store, clock, platformWaba: (id) => numbers.platformWaba(id), log });
  const dryRun = new DryRun({ store, clock, billing, templates });
  // The inbox keeps conversations in step with messages inside messaging's transactions, then tells agents' screens.
  const inboxBus = new InboxEventBus();
  const presence = new Presence({ wall });
  const keeper = new ConversationKeeper({ store, clock, bus: inboxBus, presence, log });
  const messaging = new MessagingService({ store, clock, numbers, webhooks, media, templates, upstream, committer, billing, backlogMs: config.backlogMs, hooks: keeper });
  const inbox = new InboxService({ store, clock, bus: inboxBus, presence, members: accounts, numbers, messaging, media });
  const inboxTeam = new InboxTeam({ store, clock, bus: inboxBus, inbox });
  // What Meta's side reports reaches the capability it is about; messages and statuses go to messaging.
  const sink = routeChanges(
    [
      { match: (c) => isTemplateField(c.field), to: (c) => templates.apply({ ...c, field: c.field as TemplateChange['field'] }) },
      { match: (c) => c.field === 'phone_number_name_update', to: (c) => onboarding.apply(c) },
      { match: (c) => c.field === 'phone_number_quality_update', to: (c) => standing.apply(c) },
      { match: (c) => c.field === 'business_capability_update', to: (c) => verification.applyCapability(c) },
      { match: (c) => c.field === 'account_update' && c.value.event === 'BUSINESS_VERIFICATION_STATUS_UPDATE', to: (c) => verification.applyDecision(c) },
      { match: (c) => c.field === 'account_update' && c.value.event === 'ACCOUNT_RESTRICTION', to: (c) => standing.applyRestriction(c) },
      { match: (c) => c.field === 'account_update' && c.value.event === 'META_VERIFIED_STATUS_UPDATE', to: (c) => wabaAccounts.applyMetaVerified(c) },
      { match: (c) => c.field === 'account_review_update', to: (c) => wabaAccounts.applyReview(c) },
    ],
    messaging,
  );
  simulator?.connect(sink, runners.simulator);
  metaCloud?.connect(sink, runners.dispatch);
  registerLegacyTemplateJobs(runners.dispatch);
  runners.dispatch.register(submitName, (p) => onboarding.submitName(p));
  runners.dispatch.register(dispatchMessage, (p) => messaging.dispatch(p.messageId));
  runners.dispatch.register(fetchInboundMedia, (p, job) => messaging.completeInbound(p, { last: job.attempts >= job.maxAttempts }));
  // The outbox is a queue of its own: events are claimed from their table, with no job each.
  const outbox = new WebhookOutbox({ store, clock, wall, committer, log, leaseMs: WEBHOOK_LEASE_MS, deliver: (event) => webhooks.deliver(event) });

  const analytics = new AnalyticsService({ store, clock, numbers, templates });
  const services: Services = { analytics, accounts, verification, numbers, wabaAccounts, onboarding, messaging, webhooks, media, uploads, templates, billing, dryRun, inbox, inboxTeam };
  const app = await buildApp({ store, clock, services, simulator: simulator?.platform, upstreamSurface: metaCloud?.surface, publicUrl: config.publicUrl, logLevel: config.logLevel });
  // The simulator's receipts are claimed from its messages' rows, with no job each.
  const all: Worker[] = [...Object.values(runners), outbox, ...(simulator ? [simulator.receipts] : [])];

  return {
    config,
    store,
    clock,
    services,
    demo: simulator?.seeding,
    metaLinks: metaCloud?.links,
    upstream,
    app,
    runners: all,
    async start() {
      if (config.role !== 'api') for (const r of all) r.start();
      if (config.role === 'worker') {
        await app.ready();
        return 'worker';
      }
      const address = await app.listen({ port: config.port, host: config.host });
      // Meta checks the app's new callback at once: chatapp must be listening first.
      await metaCloud?.start();
      return address;
    },
    async close() {
      await app.close();
      await metaCloud?.close();
      await Promise.all(all.map((r) => r.stop()));
      await http.close();
      await store.close();
    },
  };
}
