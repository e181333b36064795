import fs from 'node:fs';

const fdatasync = (fd: number) => new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())));

/**
 * Makes SQLite's commits durable off the event loop. The connection runs with
 * `synchronous=NORMAL`, so a commit only appends to the write-ahead log (in the page cache); this
 * flushes the log with `fdatasync` on the thread pool, and `durable()` resolves once everything
 * written before the call is on disk. One flush runs at a time and covers every commit before it
 * started, so a busy server pays one flush per batch of answers, not one per commit, and the event
 * loop parses the next requests while the disk works (spec/performance.md). A power cut then loses
 * nothing that was answered, as with `synchronous=FULL`, and the log stays consistent either way.
 */
export class WalSync {
  readonly #walPath: string;
  #fd: number | undefined;
  /** Bumped by every write; a flush that starts after a write covers it. */
  #written = 0;
  #flushed = 0;
  #flushing = false;
  #waiting: { readonly upTo: number; readonly resolve: () => void; readonly reject: (error: unknown) => void }[] = [];

  constructor(databaseFile: string) {
    this.#walPath = `${databaseFile}-wal`;
  }

  /** Called after a statement that writes ran (its frames are in the log, if not yet on disk). */
  wrote(): void {
    this.#written++;
  }

  /** Resolves when every write so far is on disk; at once when nothing was written since the last flush. */
  durable(): Promise<void> {
    if (this.#flushed >= this.#written) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiting.push({ upTo: this.#written, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  /** Flushes what is pending and lets go of the log file. */
  async close(): Promise<void> {
    await this.durable();
    if (this.#fd !== undefined) fs.closeSync(this.#fd);
    this.#fd = undefined;
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    while (this.#waiting.length > 0) {
      const upTo = this.#written;
      try {
        // SQLite keeps the log file while any connection is open, so one descriptor serves the process.
        this.#fd ??= fs.openSync(this.#walPath, 'r');
        await fdatasync(this.#fd);
        this.#flushed = upTo;
        const done = this.#waiting.filter((w) => w.upTo <= upTo);
        this.#waiting = this.#waiting.filter((w) => w.upTo > upTo);
        for (const w of done) w.resolve();
      } catch (error) {
        // A failed flush leaves the disk's state unknown: everyone waiting hears of it.
        const failed = this.#waiting;
        this.#waiting = [];
        for (const w of failed) w.reject(error);
      }
    }
    this.#flushing = false;
  }
}
