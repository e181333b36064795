import { systemClock, type Clock } from '../core/clock.js';
import { jobSignals, type Worker } from './queue.js';
import { ExpiredLeaseCheck, WorkerLoop } from './worker-loop.js';

export interface ClaimingWorkerOptions<T> {
  /** The sandbox clock: when work is due. */
  readonly clock: Clock;
  /** Wall time, which leases run on: a jump of the sandbox clock must not hand work in hand to another worker. */
  readonly wall?: Clock;
  readonly log: { error(obj: object, msg: string): void };
  /** What writers of this work announce (`announceWork(kind, dueAt)`), so a commit of work due now wakes the worker. */
  readonly kind: string;
  /** Claims up to `limit` due items and leases them (a group commit: answered once on disk). */
  readonly claim: (limit: number) => Promise<T[]>;
  /** Claims up to `limit` items whose lease ran out (their worker died or hung) and leases them again. */
  readonly claimExpired: (limit: number) => Promise<T[]>;
  /** Does one item and records the outcome under its lease; a throw leaves it to be done again when the lease ends. */
  readonly run: (item: T) => Promise<void>;
  /** When the earliest item falls due, clock ms; undefined when nothing waits. Lease ends are looked for apart. */
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
 * carries when its next piece of work is due (sandbox clock), and this claims due rows in batches,
 * leasing them until a wall time and taking them out of the due ones, so work whose worker died is
 * done again when its lease ends (looked for every few seconds) and a jump of the sandbox clock
 * hands nobody work in hand. No job per row. A group commit that wrote work due now wakes it;
 * otherwise it sleeps until the earliest due time it knows of (gathering a few ms of work into one
 * claim), a poll, or a clock jump.
 */
export class ClaimingWorker<T> implements Worker {
  readonly #o: Required<ClaimingWorkerOptions<T>>;
  readonly #loop: WorkerLoop<T>;
  readonly #expired: ExpiredLeaseCheck;
  // Work announced due now that its commit has not yet made visible.
  #announced = false;
  readonly #onSignal = (kind: string, dueAt?: number) => {
    if (kind === this.#o.kind) {
      const at = dueAt ?? 0;
      if (at <= this.#o.clock.now()) this.#announced = true;
      else this.#loop.dueAt(at);
      return;
    }
    // The commit's '*' follows the announcement: only now can a claim see the work.
    if (kind === '*' && this.#announced) {
      this.#announced = false;
      this.#loop.dueNow();
    }
  };

  constructor(options: ClaimingWorkerOptions<T>) {
    this.#o = { batchSize: 256, concurrency: 1_000, pollMs: 200, wall: systemClock, ...options };
    this.#expired = new ExpiredLeaseCheck(this.#o.wall);
    const { clock, batchSize, concurrency, pollMs, log, kind } = this.#o;
    this.#loop = new WorkerLoop({
      signals: jobSignals,
      onEnqueued: this.#onSignal,
      onClock: () => this.#loop.dueNow(),
      clock,
      batchSize,
      concurrency,
      pollMs,
      claim: (room) => this.#claim(room),
      run: (item) => this.#o.run(item).catch((error: unknown) => this.#failed(error, item)),
      claimFailed: (error) => log.error({ err: error, kind }, 'claim failed'),
    });
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Items being worked on in this process. */
  get busy(): number {
    return this.#loop.busy;
  }

  /** Claims one batch and runs it to the end; returns how many items it claimed. Tests drive this directly. */
  async runOnce(): Promise<number> {
    const { items: claimed } = await this.#take(this.#o.batchSize);
    await Promise.all(claimed.map((item) => this.#o.run(item).catch((error: unknown) => this.#failed(error, item))));
    return claimed.length;
  }

  /** Work whose lease ran out first, when it is time to look for it; else due work. */
  async #take(room: number): Promise<{ items: T[]; expired: boolean }> {
    if (this.#expired.due()) {
      const items = await this.#o.claimExpired(room);
      if (items.length > 0) return { items, expired: true };
    }
    return { items: await this.#o.claim(room), expired: false };
  }

  async #claim(room: number): Promise<T[]> {
    const { items: claimed, expired } = await this.#take(room);
    // Expired work says nothing of what is due: claim again at once.
    if (expired) {
      this.#loop.dueNow();
      return claimed;
    }
    // All that was due is claimed: learn when the next item comes.
    if (claimed.length < room) {
      const next = await this.#o.nextDue().catch((error: unknown) => this.#o.log.error({ err: error, kind: this.#o.kind }, 'reading the next due time failed'));
      this.#loop.dueAt(next ?? Number.POSITIVE_INFINITY);
    } else this.#loop.dueNow();
    return claimed;
  }

  #failed(error: unknown, item: T): void {
    this.#o.log.error({ err: error, kind: this.#o.kind, ...this.#o.describe(item) }, 'work failed; it is done again when its lease ends');
  }
}
