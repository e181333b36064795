import type { Transaction } from 'kysely';
import type { Store } from './database.js';
import { enqueuedCount, jobSignals } from './queue.js';
import type { Schema } from './schema.js';

type Work<T> = (trx: Transaction<Schema>) => Promise<T>;

interface Pending {
  readonly work: Work<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Commits the writes of many concurrent requests in one transaction, each request answered after
 * its group is on disk (spec/performance.md: one fsync per group instead of one per request).
 * The group flushes on `setImmediate`, so a lone request waits for no timer. If a group fails, each
 * work is retried in a transaction of its own, so one bad write never fails its neighbours.
 */
export class GroupCommitter {
  readonly #store: Store;
  readonly #maxGroup: number;
  #queue: Pending[] = [];
  #scheduled = false;
  #flushing: Promise<void> = Promise.resolve();

  constructor(store: Store, options: { maxGroup?: number } = {}) {
    this.#store = store;
    this.#maxGroup = options.maxGroup ?? 256;
  }

  submit<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          // Groups commit one after another; a group that is still committing collects the next one.
          this.#flushing = this.#flushing.then(() => this.#flush());
        });
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      // Let the event loop breathe between groups (SQLite resolves through microtasks only).
      await new Promise((resolve) => setImmediate(resolve));
      const group = this.#queue.splice(0, this.#maxGroup);
      const results: unknown[] = [];
      const enqueuedBefore = enqueuedCount();
      try {
        await this.#store.transaction(async (trx) => {
          results.length = 0;
          for (const item of group) results.push(await item.work(trx));
        });
        group.forEach((item, i) => item.resolve(results[i]));
        // Jobs written by this group are visible only now: wake the workers (a group of claims and
        // acks alone wakes no one, or workers would claim in a loop).
        if (enqueuedCount() !== enqueuedBefore) jobSignals.emit('enqueued', '*');
      } catch {
        for (const item of group) {
          try {
            item.resolve(await this.#store.transaction((trx) => item.work(trx)));
          } catch (error) {
            item.reject(error);
          }
        }
      }
    }
  }
}
