import { systemClock, type Clock } from '../core/clock.js';
import { ClaimingWorker } from '../store/claiming-worker.js';
import type { Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { claimDueEvents, claimExpiredEvents, nextEventDue, type ClaimedEvent } from './store.js';

/** What a publish announces (`announceWork`), so the outbox's worker wakes once the event is committed. */
export const OUTBOX_WORK = 'webhook.outbox';

export interface OutboxOptions {
  readonly store: Store;
  /** The sandbox clock: when events are due. */
  readonly clock: Clock;
  /** Wall time, which leases run on: a jump of the sandbox clock must not post an event twice at once. */
  readonly wall?: Clock;
  readonly committer: GroupCommitter;
  /** Makes one attempt at an event and records how it went under its lease; never throws for a receiver's failure. */
  readonly deliver: (event: ClaimedEvent) => Promise<void>;
  readonly log: { error(obj: object, msg: string): void };
  /** How long a claimed event is leased to this worker (wall ms): longer than an attempt can take. */
  readonly leaseMs: number;
}

/**
 * The webhook outbox's worker (DESIGN.md: a durable outbox). Events are the queue: a pending event
 * carries when it is due, and this claims due ones in batches straight from `webhook_events`, so a
 * webhook costs its own row and no job; an attempt that never reports back (its process died) is
 * made again when its lease ends, on wall time: a jump of the sandbox clock ends no lease.
 */
export class WebhookOutbox extends ClaimingWorker<ClaimedEvent> {
  constructor(o: OutboxOptions) {
    const wall = o.wall ?? systemClock;
    const claimWith = (claim: typeof claimDueEvents) => (limit: number) => {
      const options = { now: o.clock.now(), wallNow: wall.now(), leaseMs: o.leaseMs, limit };
      return o.committer.submit((trx) => claim({ db: trx, dialect: o.store.dialect }, options));
    };
    super({
      clock: o.clock,
      wall,
      log: o.log,
      kind: OUTBOX_WORK,
      // Attempts mostly wait on receivers, in batches per destination: many may be in flight.
      concurrency: 2_000,
      claim: claimWith(claimDueEvents),
      claimExpired: claimWith(claimExpiredEvents),
      // A receiver hears only of what is on disk: a power cut cannot take back a delivered event.
      // A batch's events wait for the same flush (store.durable).
      run: async (event) => {
        await o.store.durable();
        await o.deliver(event);
      },
      nextDue: () => nextEventDue(o.store.db),
      describe: (event) => ({ event: event.id }),
    });
  }
}
