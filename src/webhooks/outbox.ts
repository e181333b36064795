import type { Clock } from '../core/clock.js';
import { ClaimingWorker } from '../store/claiming-worker.js';
import type { Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import type { WebhookEvent } from './model.js';
import { claimDueEvents, nextEventDue } from './store.js';

/** What a publish announces (`announceWork`), so the outbox's worker wakes once the event is committed. */
export const OUTBOX_WORK = 'webhook.outbox';

export interface OutboxOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly committer: GroupCommitter;
  /** Makes one attempt at an event and records how it went; never throws for a receiver's failure. */
  readonly deliver: (event: WebhookEvent) => Promise<void>;
  readonly log: { error(obj: object, msg: string): void };
  /** How long a claimed event is leased to this worker (clock ms): longer than an attempt can take. */
  readonly leaseMs: number;
}

/**
 * The webhook outbox's worker (DESIGN.md: a durable outbox). Events are the queue: a pending event
 * carries when it is due, and this claims due ones in batches straight from `webhook_events`, so a
 * webhook costs its own row and no job; an attempt that never reports back (its process died) is
 * made again when its lease ends.
 */
export class WebhookOutbox extends ClaimingWorker<WebhookEvent> {
  constructor(o: OutboxOptions) {
    super({
      clock: o.clock,
      log: o.log,
      kind: OUTBOX_WORK,
      // Attempts mostly wait on receivers, in batches per destination: many may be in flight.
      concurrency: 2_000,
      claim: (limit) => {
        const now = o.clock.now();
        return o.committer.submit((trx) => claimDueEvents({ db: trx, dialect: o.store.dialect }, { now, leaseUntil: now + o.leaseMs, limit }));
      },
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
