import type pino from 'pino';
import type { Registry } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../core/clock.js';
import { GraphError } from '../../core/graph-errors.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { MetaCloudConfig } from '../../config.js';
import type { Store } from '../../store/database.js';
import type { GroupCommitter } from '../../store/group-commit.js';
import type { JobRunner } from '../../store/queue.js';
import { joinPorts } from '../join.js';
import type { UpstreamSurface } from '../surface.js';
import type { Upstream, UpstreamSink } from '../types.js';
import { MetaAccounts } from './accounts.js';
import { MetaApp, type UpstreamHealth } from './app-subscription.js';
import { GraphClient } from './graph-client.js';
import { MetaLinks } from './links.js';
import { MetaMedia } from './media.js';
import { MetaMessages } from './messages.js';
import { MetaCounters } from './metrics.js';
import { MetaNumbers } from './numbers.js';
import { MetaTemplates } from './templates.js';
import { MetaWebhookInbox } from './webhook.js';

/** How often the app's subscription (and so Meta's reachability) is looked at. */
const HEALTH_EVERY_MS = 30_000;

/** chatapp on Meta's real Cloud API: the port over HTTP, the webhook inbox, the app's subscription. */
export interface MetaCloud {
  readonly upstream: Upstream;
  readonly links: MetaLinks;
  readonly surface: UpstreamSurface;
  connect(sink: UpstreamSink, runner: JobRunner): void;
  /** Once chatapp listens (Meta's handshake needs it): points the app's webhook at chatapp, then watches Meta's reachability. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createMetaCloud(options: { store: Store; clock: Clock; committer: GroupCommitter; config: MetaCloudConfig; box: SecretBox; log: pino.Logger }): MetaCloud {
  const { store, clock, committer, config, box, log } = options;
  const counters = new MetaCounters();
  const graph = new GraphClient({ graphUrl: config.graphUrl, version: config.graphVersion, onError: (code) => counters.error(code) });
  const links = new MetaLinks({ store, box });
  const version = Number(/^v(\d+)/.exec(config.graphVersion)?.[1] ?? 0);
  const upstream = joinPorts({
    messages: new MetaMessages({ store, clock, graph, links, counters }),
    media: new MetaMedia({ graph, links }),
    templates: new MetaTemplates({ graph, links }),
    numbers: new MetaNumbers({ graph, links, version }),
    accounts: new MetaAccounts({ graph, links }),
  });
  const inbox = new MetaWebhookInbox({ store, clock, committer, appSecret: config.appSecret, verifyToken: config.verifyToken, log, applied: (ms) => counters.applied(ms) });
  const app = new MetaApp({ config, graph });
  let health: UpstreamHealth | undefined;
  let timer: NodeJS.Timeout | undefined;
  const look = async (): Promise<UpstreamHealth> => {
    health = await app.check(clock.now());
    if (!health.reachable || health.error) log.warn({ upstream: health }, 'Meta’s Graph API: not as expected');
    return health;
  };

  const surface: UpstreamSurface = {
    register: (fastify: FastifyInstance) => inbox.register(fastify),
    health: async () => ({ upstream: health ?? (await look()) }),
    metrics: (registry: Registry) => counters.register(registry),
  };

  return {
    upstream,
    links,
    surface,
    connect: (sink, runner) => inbox.connect(sink, runner),
    async start() {
      try {
        await app.ensureSubscription();
      } catch (error) {
        // Not fatal: chatapp still takes sends (queued until Meta answers); the health check keeps telling.
        log.error({ err: error instanceof GraphError ? error.message : error }, `could not point the Meta app's webhook at ${config.callbackUrl}`);
      }
      await look();
      timer = setInterval(() => void look().catch(() => undefined), HEALTH_EVERY_MS);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await graph.close();
    },
  };
}
