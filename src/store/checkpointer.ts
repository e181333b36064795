import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Once the log file outgrows this, the thread starts (SQLite's own threshold is about 4 MB too). */
const START_BYTES = 4 * 1024 * 1024;
/**
 * A passive checkpoint never stops a writer, but under steady writes it never catches up either,
 * and the log starts over only when one has. Past this many frames (256 MB of 4 KB pages) a
 * checkpoint waits for writers so it can, stalling them for some milliseconds: rare by design.
 */
const RESTART_FRAMES = 65_536;
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
  try { const [row] = db.pragma('wal_checkpoint(' + mode + ')'); parentPort.postMessage({ ok: true, frames: row.log }); }
  catch (error) { parentPort.postMessage({ ok: false, error: String(error) }); }
});
`;

/**
 * Runs SQLite's checkpoints on a thread of their own. A checkpoint copies the log into the database
 * and syncs both files, which takes milliseconds; SQLite would otherwise run it inside whichever
 * commit crossed the threshold, stalling every request behind it. The thread starts only once the
 * log file first outgrows 4 MB, so short-lived stores (the CLI, tests) never pay for it; then it
 * copies what is new every quarter of a second. (The file keeps its size when the log starts over,
 * so its size says when to start, never how much is left to copy.)
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
      if (!this.#thread && (await fs.promises.stat(`${this.#file}-wal`)).size <= START_BYTES) return;
      const frames = await this.#run('PASSIVE');
      if (frames > RESTART_FRAMES && !this.#closed) await this.#run('RESTART');
    } catch (error) {
      // No log file yet is not a failure.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.#onError(String(error));
    } finally {
      this.#busy = false;
    }
  }

  /** Runs one checkpoint; answers how many frames the log holds. */
  async #run(mode: 'PASSIVE' | 'RESTART'): Promise<number> {
    // A close that came while this check awaited the disk has the last word.
    if (this.#closed) return 0;
    const thread = (this.#thread ??= this.#start());
    thread.postMessage(mode);
    const [answer] = (await once(thread, 'message')) as [{ ok: boolean; frames?: number; error?: string }];
    if (!answer.ok) throw new Error(answer.error ?? 'checkpoint failed');
    return answer.frames ?? 0;
  }

  #start(): Worker {
    const thread = new Worker(THREAD, { eval: true, workerData: { file: this.#file, driver: DRIVER } });
    // The thread never keeps the process alive; `close` ends it in an orderly way.
    thread.unref();
    return thread;
  }
}
