import type { Clock } from '../core/clock.js';
import { jobSignals, type Worker } from './queue.js';
import { WorkerLoop } from './worker-loop.js';

/** Work that falls due within this long of the last claim is gathered into the next one, not claimed alone. */
const GATHER_MS = 10;

export interface ClaimingWorkerOptions<T> {
  readonly clock: Clock;
  readonly log: { error(obj: object, msg: string): void };
  /** What writers of this work announce (`announceWork(kind, dueAt)`), so a commit of work due now wakes the worker. */
  readonly kind: string;
  /** Claims up to `limit` due items and leases them (a group commit: answered once on disk). */
  readonly claim: (limit: number) => Promise<T[]>;
  /** Does one item and records the outcome under its lease; a throw leaves it to be done again when the lease ends. */
  readonly run: (item: T) => Promise<void>;
  /** When the earliest item (or lease end) falls due, clock ms; undefined when nothing waits. */
  readonly nextDue: () => Promise<number | undefined>;
  /** How an item is named in a log line. */
  readonly describe: (item: T) => object;
  /** Items claimed per round trip. A power of two, or a claim takes the one below (`byLimit`). */
  readonly batchSize?: number;
  /** Items being done at once; they mostly wait on something else (a receiver, the sink). */
  readonly concurrency?: number;
  /** How often it looks anyway, for work that other processes wrote. */
  readonly pollMs?: number;
}

/**
 * A worker for a table that is its own queue (the webhook outbox, the simulator's receipts): a row
 * carries when its next piece of work is due, and this claims due rows in batches, leasing them by
 * moving that time forward, so work whose worker died is done again when its lease ends. No job
 * per row. A group commit that wrote work due now wakes it; otherwise it sleeps until the earliest
 * due time it knows of (gathering a few ms of work into one claim), a poll, or a clock jump.
 */
export class ClaimingWorker<T> implements Worker {
  readonly #o: Required<ClaimingWorkerOptions<T>>;
  readonly #inFlight = new Set<Promise<void>>();
  // A claim is worth making: work was committed due now, the clock jumped, or a known due time came.
  #maybeDue = true;
  // Work announced due now that its commit has not yet made visible.
  #announced = false;
  /** The earliest due time (clock ms) known from the table or from work announced since. */
  #nextDue = Number.POSITIVE_INFINITY;
  readonly #onSignal = (kind: string, dueAt?: number) => {
    if (kind === this.#o.kind) {
      const at = dueAt ?? 0;
      if (at <= this.#o.clock.now()) this.#announced = true;
      else if (at < this.#nextDue) {
        this.#nextDue = at;
        this.#loop.wake();
      }
      return;
    }
    // The commit's '*' follows the announcement: only now can a claim see the work.
    if (kind === '*' && this.#announced) {
      this.#announced = false;
      this.#maybeDue = true;
      this.#loop.wake();
    }
  };
  readonly #onClock = () => {
    this.#maybeDue = true;
    this.#loop.wake();
  };
  readonly #loop = new WorkerLoop({ signals: jobSignals, onEnqueued: this.#onSignal, onClock: this.#onClock, body: () => this.#run() });

  constructor(options: ClaimingWorkerOptions<T>) {
    this.#o = { batchSize: 256, concurrency: 1_000, pollMs: 200, ...options };
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Items being worked on in this process. */
  get busy(): number {
    return this.#inFlight.size;
  }

  /** Claims one batch and runs it to the end; returns how many items it claimed. Tests drive this directly. */
  async runOnce(): Promise<number> {
    const claimed = await this.#o.claim(this.#o.batchSize);
    await Promise.all(claimed.map((item) => this.#o.run(item).catch((error: unknown) => this.#failed(error, item))));
    return claimed.length;
  }

  async #run(): Promise<void> {
    const { concurrency, batchSize, pollMs, clock, log } = this.#o;
    let lastPoll = performance.now();
    while (this.#loop.running) {
      const room = Math.min(batchSize, concurrency - this.#inFlight.size);
      if (clock.now() >= this.#nextDue) this.#maybeDue = true;
      let claimed: T[] = [];
      if (room > 0 && (this.#maybeDue || performance.now() - lastPoll >= pollMs)) {
        lastPoll = performance.now();
        this.#maybeDue = false;
        // Work announced while this claim runs lowers it again.
        this.#nextDue = Number.POSITIVE_INFINITY;
        try {
          claimed = await this.#o.claim(room);
          // All that was due is claimed: learn when the next item (or a lease's end) comes.
          if (claimed.length < room) this.#nextDue = Math.min(this.#nextDue, (await this.#o.nextDue()) ?? Number.POSITIVE_INFINITY);
          else this.#maybeDue = true;
        } catch (error) {
          log.error({ err: error, kind: this.#o.kind }, 'claim failed');
        }
      }
      for (const item of claimed) {
        const running: Promise<void> = this.#o
          .run(item)
          .catch((error: unknown) => this.#failed(error, item))
          .finally(() => {
            this.#inFlight.delete(running);
            if (this.#inFlight.size === concurrency - 1) this.#loop.wake();
          });
        this.#inFlight.add(running);
      }
      if (!this.#loop.running) break;
      // Full: a finished item wakes it. Nothing due: the next due time, a signal or a poll does.
      if (this.#inFlight.size >= concurrency) await this.#loop.sleep(pollMs);
      // Work due later is gathered a few ms at a time: one claim for many, not one each.
      else if (claimed.length === 0 && !this.#maybeDue) await this.#loop.sleep(Math.min(pollMs, Math.max(GATHER_MS, this.#nextDue - clock.now())));
      // SQLite answers through microtasks only: a turn of the event loop keeps HTTP requests moving.
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(this.#inFlight);
  }

  #failed(error: unknown, item: T): void {
    this.#o.log.error({ err: error, kind: this.#o.kind, ...this.#o.describe(item) }, 'work failed; it is done again when its lease ends');
  }
}
