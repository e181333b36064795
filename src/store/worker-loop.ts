import type { EventEmitter } from 'node:events';

export interface WorkerLoopOptions {
  /** Where work is announced (`jobSignals`): `enqueued` with a kind and due time, `clock` on a jump. */
  readonly signals: EventEmitter;
  readonly onEnqueued: (kind: string, runAt?: number) => void;
  readonly onClock: () => void;
  /** The worker's rounds, until `running` turns false. */
  readonly body: () => Promise<void>;
}

/**
 * The life of a background worker (the job runner, a claiming worker): started once, listening to
 * the queue's signals while it runs, and sleeping between rounds until a timeout or a `wake`.
 * `stop` ends the sleep and waits for the loop to finish its round.
 */
export class WorkerLoop {
  readonly #o: WorkerLoopOptions;
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: WorkerLoopOptions) {
    this.#o = options;
  }

  get running(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#o.signals.on('enqueued', this.#o.onEnqueued);
    this.#o.signals.on('clock', this.#o.onClock);
    this.#loop = this.#o.body();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#o.signals.off('enqueued', this.#o.onEnqueued);
    this.#o.signals.off('clock', this.#o.onClock);
    this.wake();
    await this.#loop;
  }

  /** Ends the current sleep, if any. */
  wake(): void {
    this.#wake?.();
  }

  sleep(ms: number): Promise<void> {
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
