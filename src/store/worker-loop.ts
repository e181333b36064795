import type { EventEmitter } from 'node:events';
import type { Clock } from '../core/clock.js';

/** Work that falls due within this long of the last claim is gathered into the next claim, not claimed alone. */
const GATHER_MS = 10;
// How often a worker looks for work whose lease ran out (wall ms).
const EXPIRED_CHECK_MS = 2_000;

/**
 * When a worker looks for work whose lease ran out: its worker died or hung, which is rare, so every
 * few seconds rather than on every claim. Leases run on wall time, never the sandbox clock: a jump
 * of the sandbox hands no work in hand to a second worker, and a dead worker's lease still ends
 * after its wall-time length.
 */
export class ExpiredLeaseCheck {
  readonly #wall: Clock;
  #checkedAt = Number.NEGATIVE_INFINITY;

  constructor(wall: Clock) {
    this.#wall = wall;
  }

  /** True when it is time to look (and the look counts as made). */
  due(): boolean {
    const now = this.#wall.now();
    if (now - this.#checkedAt < EXPIRED_CHECK_MS && now >= this.#checkedAt) return false;
    this.#checkedAt = now;
    return true;
  }
}

export interface WorkerLoopOptions<T> {
  /** Where work is announced (`jobSignals`): `enqueued` with a kind and due time, `clock` on a jump. */
  readonly signals: EventEmitter;
  readonly onEnqueued: (kind: string, runAt?: number) => void;
  readonly onClock: () => void;
  readonly clock: Clock;
  /** Items claimed in one round at most. */
  readonly batchSize: number;
  /** Items being done at once. */
  readonly concurrency: number;
  /** How often it claims anyway, for work that other processes wrote. */
  readonly pollMs: number;
  /** Claims up to `room` due items, and tells what it learned: `dueNow` (more are due) or `dueAt` (when the next is). */
  readonly claim: (room: number) => Promise<T[]>;
  /** Does one item; never rejects. */
  readonly run: (item: T) => Promise<void>;
  readonly claimFailed: (error: unknown) => void;
}

/**
 * The life of a background worker that claims its work in batches (the job runner, a claiming
 * worker): started once, listening to the queue's signals while it runs, and claiming when work may
 * be due: a signal of work due now (`dueNow`), a known due time reached (`dueAt`), a clock jump or a
 * poll. In between it sleeps. Work that falls due a millisecond apart (paced sends) is gathered
 * `GATHER_MS` at a time: one claim for many, not one each. `stop` ends the sleep and waits for the
 * work in hand.
 */
export class WorkerLoop<T> {
  readonly #o: WorkerLoopOptions<T>;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  // A claim is worth making: work was committed due now, the clock jumped, or the last claim was full.
  #maybeDue = true;
  /** The earliest due time (clock ms) known from the last claim or from work announced since. */
  #nextDue = Number.POSITIVE_INFINITY;

  constructor(options: WorkerLoopOptions<T>) {
    this.#o = options;
  }

  /** Items being worked on. */
  get busy(): number {
    return this.#inFlight.size;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#o.signals.on('enqueued', this.#o.onEnqueued);
    this.#o.signals.on('clock', this.#o.onClock);
    this.#loop = this.#rounds();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#o.signals.off('enqueued', this.#o.onEnqueued);
    this.#o.signals.off('clock', this.#o.onClock);
    this.#wake?.();
    await this.#loop;
  }

  /** Work is due now (or may be): claim at once. */
  dueNow(): void {
    this.#maybeDue = true;
    this.#wake?.();
  }

  /** Work falls due at `at` (clock ms): claim no later than then. */
  dueAt(at: number): void {
    if (at >= this.#nextDue) return;
    this.#nextDue = at;
    this.#wake?.();
  }

  async #rounds(): Promise<void> {
    const { clock, batchSize, concurrency, pollMs } = this.#o;
    let lastClaim = performance.now();
    while (this.#running) {
      const room = Math.min(batchSize, concurrency - this.#inFlight.size);
      // A runner that claims slower than work comes due would otherwise claim one item at a time.
      if (clock.now() >= this.#nextDue && performance.now() - lastClaim >= GATHER_MS) this.#maybeDue = true;
      let claimed: T[] = [];
      if (room > 0 && (this.#maybeDue || performance.now() - lastClaim >= pollMs)) {
        lastClaim = performance.now();
        this.#maybeDue = false;
        // Work announced while this claim runs lowers it again.
        this.#nextDue = Number.POSITIVE_INFINITY;
        try {
          claimed = await this.#o.claim(room);
        } catch (error) {
          // Tried again after a poll, not in a loop.
          this.#o.claimFailed(error);
        }
      }
      for (const item of claimed) {
        const running: Promise<void> = this.#o.run(item).finally(() => {
          this.#inFlight.delete(running);
          // Full: a finished item makes room for the next claim.
          if (this.#inFlight.size === concurrency - 1) this.#wake?.();
        });
        this.#inFlight.add(running);
      }
      if (!this.#running) break;
      if (this.#inFlight.size >= concurrency) await this.#sleep(pollMs);
      // Nothing due: the next due time, a signal or a poll wakes it.
      else if (claimed.length === 0 && !this.#maybeDue) await this.#sleep(Math.min(pollMs, Math.max(GATHER_MS, this.#nextDue - clock.now())));
      // SQLite answers through microtasks only: without a turn of the event loop here, a busy
      // queue would keep HTTP requests (and timers) waiting indefinitely.
      else await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(this.#inFlight);
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
