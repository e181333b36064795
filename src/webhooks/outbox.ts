import type { Clock } from '../core/clock.js';
import type { Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { jobSignals } from '../store/queue.js';
import type { WebhookEvent } from './model.js';
import { claimDueEvents } from './store.js';

export interface OutboxOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly committer: GroupCommitter;
  /** Makes one attempt at an event and records how it went; never throws for a receiver's failure. */
  readonly deliver: (event: WebhookEvent) => Promise<void>;
  readonly log: { error(obj: object, msg: string): void };
  /** How long a claimed event is leased to this worker (clock ms): longer than an attempt can take. */
  readonly leaseMs: number;
  readonly batchSize?: number;
  /** Events being attempted at once; they mostly wait on receivers, in batches per destination. */
  readonly concurrency?: number;
  readonly pollMs?: number;
}

/**
 * The webhook outbox's worker. Events are the queue (DESIGN.md: a durable outbox): a pending event
 * carries when it is due, and this claims due ones in batches straight from `webhook_events`, so a
 * webhook costs its own row and no job. A claim leases its events; an attempt that never reports
 * back (the process died) is made again when the lease ends. A group commit that wrote events wakes
 * it at once; otherwise it looks every `pollMs`, and when the sandbox clock moves.
 */
export class WebhookOutbox {
  readonly #o: Required<OutboxOptions>;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  // Set by a commit that may have written events, or a clock jump; cleared by a claim that found fewer than it asked for.
  #maybeDue = true;
  readonly #onSignal = (kind: string) => {
    // A publish announces its event before its transaction commits; the commit's '*' follows.
    if (kind !== '*' && kind !== 'clock') return;
    this.#maybeDue = true;
    this.#wake?.();
  };

  constructor(options: OutboxOptions) {
    this.#o = { batchSize: 200, concurrency: 2_000, pollMs: 200, ...options };
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    jobSignals.on('enqueued', this.#onSignal);
    jobSignals.on('clock', this.#onClock);
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    jobSignals.off('enqueued', this.#onSignal);
    jobSignals.off('clock', this.#onClock);
    this.#wake?.();
    await this.#loop;
  }

  readonly #onClock = () => this.#onSignal('clock');

  /** Attempts under way in this process. */
  get busy(): number {
    return this.#inFlight.size;
  }

  async #run(): Promise<void> {
    const { concurrency, batchSize, pollMs, log } = this.#o;
    let lastPoll = performance.now();
    while (this.#running) {
      const room = Math.min(batchSize, concurrency - this.#inFlight.size);
      let events: WebhookEvent[] = [];
      if (room > 0 && (this.#maybeDue || performance.now() - lastPoll >= pollMs)) {
        lastPoll = performance.now();
        try {
          events = await this.#claim(room);
          if (events.length < room) this.#maybeDue = false;
        } catch (error) {
          log.error({ err: error }, 'webhook claim failed');
        }
      }
      for (const event of events) {
        const attempt: Promise<void> = this.#o
          .deliver(event)
          .catch((error: unknown) => log.error({ err: error, event: event.id }, 'webhook attempt failed; it is tried again when its lease ends'))
          .finally(() => {
            this.#inFlight.delete(attempt);
            this.#wake?.();
          });
        this.#inFlight.add(attempt);
      }
      if (!this.#running) break;
      if (events.length === 0 || this.#inFlight.size >= concurrency) await this.#sleep(pollMs);
      // SQLite answers through microtasks only: a turn of the event loop keeps HTTP requests moving.
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(this.#inFlight);
  }

  #claim(limit: number): Promise<WebhookEvent[]> {
    const { store, clock, committer, leaseMs } = this.#o;
    const now = clock.now();
    // In a group commit, a claim shares its fsync with other writes.
    return committer.submit((trx) => claimDueEvents({ db: trx, dialect: store.dialect }, { now, leaseUntil: now + leaseMs, limit }));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
