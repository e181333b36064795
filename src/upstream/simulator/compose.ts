import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import type { GroupCommitter } from '../../store/group-commit.js';
import type { JobRunner } from '../../store/queue.js';
import { joinPorts } from '../join.js';
import type { Upstream, UpstreamSink } from '../types.js';
import { SimulatedAccounts } from './accounts.js';
import { SimulatedBusinessLimits } from './business-limits.js';
import { SimDirectory } from './directory.js';
import { SimulatedMedia } from './media.js';
import type { Latencies } from './model.js';
import { SimulatedNumberQuality } from './number-quality.js';
import { SimulatedNumberRegistry } from './number-registry.js';
import { SimulatedNumbers } from './numbers.js';
import { SimulatorPlatform } from './platform.js';
import { ReceiptsWorker } from './receipts.js';
import { SimulatedTemplateQuality } from './template-quality.js';
import { SimulatedTemplates } from './templates.js';

export interface SimulatorSettings extends Latencies {
  /** Unique users a number must reach in a day (on the unlimited tier) before its throughput upgrade. */
  readonly throughputUsers: number;
}

export interface SimulatorOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** What runs on wall time: the receipts worker's leases. */
  readonly wall: Clock;
  readonly committer: GroupCommitter;
  readonly dataDir: string;
  readonly publicUrl?: string | undefined;
  readonly settings: SimulatorSettings;
  readonly log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

/** Meta's side, composed: the port chatapp calls, the sandbox's controls, and what runs it. */
export interface Simulator {
  /** Everything chatapp asks of Meta's side (the port). */
  readonly upstream: Upstream;
  /** The sandbox's controls and the users' side: phones, blocks, reports, throughput, limits, codes. */
  readonly platform: SimulatorPlatform;
  /** The sandbox's seeding, as Meta gives a new app a test account and number: not part of the port. */
  readonly seeding: {
    createBusiness: SimulatedAccounts['createBusiness'];
    seedWaba: SimulatedAccounts['seedWaba'];
    seedConnectedNumber: SimulatedNumbers['seedConnectedNumber'];
  };
  /** The worker that reports each message's receipts when they fall due. */
  readonly receipts: ReceiptsWorker;
  /**
   * What Meta checks of a template send before it answers (132001, 132015, 132016, the parameters):
   * the standalone server refuses these at once, as Meta does; embedded, chatapp checks its mirror.
   */
  readonly templateSends: Pick<SimulatedTemplates, 'evaluateSend'>;
  /** Where Meta's side speaks (chatapp's sink, or the standalone server's webhooks), and the runner of its jobs. */
  connect(sink: UpstreamSink, runner: JobRunner): void;
}

/** Builds the simulator on a store: the same parts embedded in chatapp and in `chatapp simulator serve`. */
export function createSimulator(options: SimulatorOptions): Simulator {
  const { store, clock, committer, settings } = options;
  const directory = new SimDirectory({ store });
  const registry = new SimulatedNumberRegistry({ store, clock });
  const limits = new SimulatedBusinessLimits({ store, clock, directory, reviewMs: settings.reviewMs, throughputUsers: settings.throughputUsers });
  const tierOf = (businessId: string) => limits.tierOf(businessId);
  const numbers = new SimulatedNumbers({ store, clock, directory, registry, reviewMs: settings.reviewMs, tierOf });
  const accounts = new SimulatedAccounts({ store, clock, directory, reviewMs: settings.reviewMs, verification: limits });
  const numberQuality = new SimulatedNumberQuality({ store, clock, directory, tierOf });
  // A file belongs to the business whose number uploaded or received it.
  const media = new SimulatedMedia({
    store,
    clock,
    dataDir: options.dataDir,
    publicUrl: options.publicUrl,
    log: options.log,
    owners: { numberOwner: async (id) => (await directory.number(id))?.businessId },
  });
  const quality = new SimulatedTemplateQuality({ store, clock });
  const templates = new SimulatedTemplates({ store, clock, reviewMs: settings.reviewMs, quality });
  const platform = new SimulatorPlatform({ store, clock, directory, committer, media, templates, quality, numberQuality, registry, limits, latencies: settings });
  const receipts = new ReceiptsWorker({ store, clock, wall: options.wall, committer, log: options.log, run: (claimed) => platform.runReceipt(claimed) });
  return {
    upstream: joinPorts({ messages: platform, media, templates, numbers, accounts }),
    platform,
    seeding: {
      createBusiness: (input) => accounts.createBusiness(input),
      seedWaba: (businessId, input) => accounts.seedWaba(businessId, input),
      seedConnectedNumber: (wabaId, input) => numbers.seedConnectedNumber(wabaId, input),
    },
    receipts,
    templateSends: templates,
    connect(sink, runner) {
      for (const part of [platform, templates, quality, numbers, limits, numberQuality, accounts]) part.connect(sink, runner);
    },
  };
}
