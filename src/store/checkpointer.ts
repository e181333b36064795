import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Over this, the log is copied back into the database (SQLite's own default is about 4 MB too). */
const CHECKPOINT_BYTES = 4 * 1024 * 1024;
/** Over this, a checkpoint waits for writers so the log can start over, rather than grow under steady load. */
const RESTART_BYTES = 64 * 1024 * 1024;
const CHECK_EVERY_MS = 250;

// Plain CommonJS run by `eval`, so the thread needs no TypeScript loader: its own connection runs
// each checkpoint it is asked for and reports when done. The driver's path is resolved here, as
// an evaluated thread would look for it from the working directory.
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
parentPort.on('message', (mode) => {
  if (mode === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(' + mode + ')'); parentPort.postMessage({ ok: true }); }
  catch (error) { parentPort.postMessage({ ok: false, error: String(error) }); }
});
`;

/**
 * Runs SQLite's checkpoints on a thread of their own. A checkpoint copies the log into the database
 * and syncs both files, which takes milliseconds; SQLite would otherwise run it inside whichever
 * commit crossed the threshold, stalling every request behind it. The thread starts only once the
 * log first outgrows the threshold, so short-lived stores (the CLI, tests) never pay for it.
 */
export class Checkpointer {
  readonly #file: string;
  readonly #onError: (message: string) => void;
  readonly #timer: NodeJS.Timeout;
  #thread: Worker | undefined;
  #busy = false;
  #closed = false;

  constructor(databaseFile: string, onError: (message: string) => void) {
    this.#file = databaseFile;
    this.#onError = onError;
    this.#timer = setInterval(() => void this.#check(), CHECK_EVERY_MS).unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    const thread = this.#thread;
    if (!thread) return;
    // Held while it ends: with nothing else left, the process would otherwise exit mid-await.
    thread.ref();
    thread.postMessage('close');
    await once(thread, 'exit');
  }

  async #check(): Promise<void> {
    if (this.#busy || this.#closed) return;
    this.#busy = true;
    try {
      const { size } = await fs.promises.stat(`${this.#file}-wal`);
      if (size > CHECKPOINT_BYTES && !this.#closed) await this.#run(size > RESTART_BYTES ? 'RESTART' : 'PASSIVE');
    } catch (error) {
      // No log file yet is not a failure.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#onError(String(error));
    } finally {
      this.#busy = false;
    }
  }

  async #run(mode: 'PASSIVE' | 'RESTART'): Promise<void> {
    const thread = (this.#thread ??= this.#start());
    thread.postMessage(mode);
    const [answer] = (await once(thread, 'message')) as [{ ok: boolean; error?: string }];
    if (!answer.ok) this.#onError(answer.error ?? 'checkpoint failed');
  }

  #start(): Worker {
    const thread = new Worker(THREAD, { eval: true, workerData: { file: this.#file, driver: DRIVER } });
    // The thread never keeps the process alive; `close` ends it in an orderly way.
    thread.unref();
    return thread;
  }
}
