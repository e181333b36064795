import { systemClock, type Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import type { GroupCommitter } from '../../store/group-commit.js';
import { ClaimingWorker } from '../../store/claiming-worker.js';
import { announceWork, jobSignals } from '../../store/queue.js';
import { claimDueReceipts, claimExpiredReceipts, nextReceiptDue, type ClaimedReceipts } from './store.js';

/** What a write of receipt steps announces (`announceWork`), so this worker wakes once it is committed. */
export const RECEIPTS_WORK = 'sim.receipts';

export interface ReceiptsWorkerOptions {
  readonly store: Store;
  /** The sandbox clock: when receipts are due. */
  readonly clock: Clock;
  /** Wall time, which leases run on: a jump of the sandbox clock must not report a step twice at once. */
  readonly wall?: Clock;
  readonly committer: GroupCommitter;
  /** Reports the claimed message's first step and advances its plan under the claim's lease. */
  readonly run: (claimed: ClaimedReceipts) => Promise<void>;
  readonly log: { error(obj: object, msg: string): void };
  /** How long a claim leases its messages (wall ms): longer than a receipt can take. */
  readonly leaseMs?: number;
}

/**
 * The simulator's receipts worker. A message's receipts are a plan on its own `sim_messages` row,
 * with the time its next step is due (sandbox clock); this claims due messages in batches (no job
 * per receipt) with a lease on wall time, so a step whose worker died is done again when the lease
 * ends, and a jump of the sandbox clock ends no lease.
 */
export class ReceiptsWorker extends ClaimingWorker<ClaimedReceipts> {
  constructor(o: ReceiptsWorkerOptions) {
    const leaseMs = o.leaseMs ?? 15_000;
    const wall = o.wall ?? systemClock;
    const claimWith = (claim: typeof claimDueReceipts) => (limit: number) => {
      const options = { now: o.clock.now(), wallNow: wall.now(), leaseMs, limit };
      return o.committer.submit((trx) => claim({ db: trx, dialect: o.store.dialect }, options));
    };
    super({
      clock: o.clock,
      wall,
      log: o.log,
      kind: RECEIPTS_WORK,
      claim: claimWith(claimDueReceipts),
      claimExpired: claimWith(claimExpiredReceipts),
      run: o.run,
      nextDue: () => nextReceiptDue(o.store.db),
      describe: (claimed) => ({ message: claimed.message.id }),
    });
  }
}

/**
 * Tells the receipts worker a transaction is writing steps: one due now wakes it after the commit
 * (`announceWork`); a later one only tells it when to look, sparing the other workers a wake-up.
 */
export function announceReceipts(plan: readonly { at: number }[], now: number): void {
  const first = plan.reduce((min, step) => Math.min(min, step.at), Number.POSITIVE_INFINITY);
  if (first === Number.POSITIVE_INFINITY) return;
  if (first <= now) announceWork(RECEIPTS_WORK, first);
  else jobSignals.emit('enqueued', RECEIPTS_WORK, first);
}
