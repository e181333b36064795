import type { PostResult } from './http-client.js';

/** Meta posts up to 1,000 updates and 3 MB at once (spec §4.2); chatapp stays well inside both. */
export const MAX_BATCH_EVENTS = 100;
export const MAX_BATCH_BYTES = 1_000_000;
/** POSTs in flight to one destination at a time. */
export const PER_DESTINATION_CONCURRENCY = 16;

export interface BatchItem {
  readonly eventId: string;
  readonly body: string;
}

/** Posts one batch (signing, sending, logging the attempt of every event in it) and says how it went. */
export type PostBatch<T extends BatchItem> = (items: readonly T[]) => Promise<PostResult>;

type Waiting<T> = T & {
  readonly since: number;
  readonly resolve: (result: PostResult) => void;
  readonly reject: (error: unknown) => void;
};

interface Destination<T> {
  readonly queue: Waiting<T>[];
  inFlight: number;
}

/**
 * Gathers the events bound for one destination (an app and a URL) while its POSTs are in flight,
 * and sends them together: a receiver that keeps up gets one event per POST, one that is busy gets
 * batches, and no destination ever has more than a few requests open. An event waits in memory at
 * most `maxWaitMs`; then it is handed back (`WaitedTooLong`) so its job can try later.
 */
export class WebhookBatcher<T extends BatchItem> {
  readonly #destinations = new Map<string, Destination<T>>();
  readonly #post: PostBatch<T>;
  readonly #maxWaitMs: number;

  constructor(post: PostBatch<T>, options: { maxWaitMs?: number } = {}) {
    this.#post = post;
    this.#maxWaitMs = options.maxWaitMs ?? 5_000;
  }

  /** Resolves with the result of the POST that carried this event. */
  send(destination: string, item: T): Promise<PostResult> {
    let d = this.#destinations.get(destination);
    if (!d) this.#destinations.set(destination, (d = { queue: [], inFlight: 0 }));
    const target = d;
    return new Promise<PostResult>((resolve, reject) => {
      target.queue.push({ ...item, since: performance.now(), resolve, reject });
      // Collect what else arrives in this turn of the event loop before posting.
      if (target.queue.length === 1) setImmediate(() => this.#pump(destination, target));
    });
  }

  #pump(destination: string, d: Destination<T>): void {
    const now = performance.now();
    while (d.queue.length > 0 && d.queue[0]!.since + this.#maxWaitMs < now) d.queue.shift()!.reject(new WaitedTooLong());
    while (d.inFlight < PER_DESTINATION_CONCURRENCY && d.queue.length > 0) {
      const batch = takeBatch(d.queue);
      d.inFlight += 1;
      this.#post(batch)
        .then(
          (result) => batch.forEach((w) => w.resolve(result)),
          (error: unknown) => batch.forEach((w) => w.reject(error)),
        )
        .finally(() => {
          d.inFlight -= 1;
          if (d.queue.length > 0) this.#pump(destination, d);
          else if (d.inFlight === 0) this.#destinations.delete(destination);
        });
    }
  }
}

/** Raised for an event that found no room in a POST in time; nothing was sent. */
export class WaitedTooLong extends Error {
  constructor() {
    super('the destination was busy; the event waits for its next turn');
  }
}

function takeBatch<T extends BatchItem>(queue: Waiting<T>[]): Waiting<T>[] {
  const batch: Waiting<T>[] = [];
  let bytes = 0;
  while (queue.length > 0 && batch.length < MAX_BATCH_EVENTS) {
    const next = queue[0]!;
    if (batch.length > 0 && bytes + next.body.length > MAX_BATCH_BYTES) break;
    bytes += next.body.length;
    batch.push(queue.shift()!);
  }
  return batch;
}
