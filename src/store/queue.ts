import { EventEmitter } from 'node:events';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import { systemClock, type Clock } from '../core/clock.js';
import { newGraphId } from '../core/ids.js';
import type { Executor, Store } from './database.js';
import type { GroupCommitter } from './group-commit.js';
import { buryClaimedJob, claimDue, claimExpiredJobs, deferClaimedJob, deleteClaimedJobs, insertJob, nextRunAt, rescheduleClaimedJob, type Job } from './jobs.js';
import { ExpiredLeaseCheck, WorkerLoop } from './worker-loop.js';

/**
 * A job kind: its payload schema, retry policy and timeout in one object (STYLE.md §9). Enqueuers
 * and the runner share the definition, so a payload is checked against one schema at both ends.
 */
export interface JobDefinition<S extends TSchema = TSchema> {
  readonly kind: string;
  readonly payload: S;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  readonly timeoutMs: number;
}

export const defineJob = <S extends TSchema>(definition: JobDefinition<S>): JobDefinition<S> => definition;

const LEASE_MARGIN_MS = 5_000;

/** Thrown by a handler when retrying cannot help: the job goes straight to the dead state. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/** Thrown by a handler that cannot run now for a reason that is not the job's fault (say, its destination is busy): it runs again after `delayMs` and the attempt does not count. */
export class DeferJobError extends Error {
  override name = 'DeferJobError';
  constructor(readonly delayMs: number) {
    super(`deferred by ${delayMs} ms`);
  }
}

/** A kind enqueued this recently is never skipped: its job may still be on its way to a commit. */
const RECENT_ENQUEUE_MS = 100;

/** Signals in-process runners that work is waiting, so they need not wait for their next poll. */
export const jobSignals = new EventEmitter();
jobSignals.setMaxListeners(100);

let enqueued = 0;
/** How many jobs this process has enqueued: a group commit wakes the workers only if it wrote some. */
export const enqueuedCount = (): number => enqueued;

/** Adds a job inside the caller's transaction: it exists exactly when the caller's rows do. */
export async function enqueue<S extends TSchema>(
  db: Executor,
  options: { clock: Clock; definition: JobDefinition<S>; payload: Static<S>; runAt?: number; id?: string },
): Promise<string> {
  const { definition, payload, clock } = options;
  if (!Value.Check(definition.payload, payload)) {
    throw new TypeError(`job ${definition.kind}: payload does not match its schema`);
  }
  const now = clock.now();
  const id = options.id ?? newGraphId(clock);
  await insertJob(db, { id, kind: definition.kind, payload, runAt: options.runAt ?? now, maxAttempts: definition.maxAttempts, now });
  announceWork(definition.kind, options.runAt ?? now);
  return id;
}

/**
 * Tells this process's workers that a transaction is writing work of `kind` due at `runAt`: the
 * group commit then wakes them (`'*'`) once it is on disk. Queues of their own (the webhook outbox)
 * announce through here too.
 */
export function announceWork(kind: string, runAt: number): void {
  enqueued += 1;
  jobSignals.emit('enqueued', kind, runAt);
}

/** Something that works in the background until stopped: a job runner, the webhook outbox. */
export interface Worker {
  start(): void;
  stop(): Promise<void>;
}

export type JobHandler<S extends TSchema> = (payload: Static<S>, job: Job) => Promise<void>;

interface Registration {
  readonly definition: JobDefinition;
  readonly handle: (payload: unknown, job: Job) => Promise<void>;
}

export interface JobRunnerOptions {
  readonly store: Store;
  /** The sandbox clock: when jobs are due, retries' backoff. */
  readonly clock: Clock;
  /** Wall time, for leases: a jump of the sandbox clock must not hand a running job to another worker. */
  readonly wall?: Clock;
  readonly owner: string;
  readonly log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Jobs claimed per round trip: batches, never one row at a time (spec/performance.md). A power of two, or a claim takes the one below (`byLimit`). */
  readonly batchSize?: number;
  /** Jobs running at once. A slow job holds one slot, never the whole runner. */
  readonly concurrency?: number;
  readonly pollMs?: number;
  readonly random?: () => number;
  /** Acks and retries join the next group commit instead of taking a transaction (and an fsync) each. */
  readonly committer?: GroupCommitter;
}

/** Claims due jobs in batches, runs their handlers with a timeout, and acks, retries or buries each. */
export class JobRunner implements Worker {
  readonly #options: Required<Omit<JobRunnerOptions, 'committer'>>;
  readonly #write: <T>(work: (db: Executor) => Promise<T>) => Promise<T>;
  readonly #registrations = new Map<string, Registration>();
  readonly #loop: WorkerLoop<Job>;
  // Acks of jobs that finished in the same tick share one statement (and one fsync).
  #acks: { id: string; done: () => void }[] = [];
  readonly #expired: ExpiredLeaseCheck;
  // Jobs announced due now that their commit has not yet made visible.
  #announced = false;
  #ackScheduled = false;
  /**
   * Kinds with nothing due, and until when (clock ms) a claim may skip them: a claim statement per
   * kind per round adds up when a runner has a dozen kinds and claims on every finished job. An
   * enqueue in this process, or a retry this runner schedules, brings a kind's time forward to its
   * job's; other processes' jobs are seen within a poll, as before.
   */
  readonly #idleUntil = new Map<string, number>();
  /** When each kind was last enqueued here: a job enqueued just now may not be committed yet, so its kind is not idle. */
  readonly #enqueuedAt = new Map<string, number>();
  readonly #onEnqueued = (kind: string, runAt?: number) => {
    // The commit's '*' follows the announcement: only now can a claim see the job.
    if (kind === '*') {
      if (!this.#announced) return;
      this.#announced = false;
      this.#loop.dueNow();
      return;
    }
    if (!this.#registrations.has(kind)) return;
    const at = runAt ?? 0;
    this.#enqueuedAt.set(kind, performance.now());
    const idle = this.#idleUntil.get(kind);
    if (idle !== undefined && at < idle) this.#idleUntil.set(kind, at);
    if (at > this.#options.clock.now()) {
      // Due later: the runner need only sleep less, not claim now.
      this.#loop.dueAt(at);
      return;
    }
    // Due now: claim at once (a transaction outside the group committer sends no '*'), and again after the commit.
    this.#announced = true;
    this.#loop.dueNow();
  };

  constructor(options: JobRunnerOptions) {
    const { committer, ...rest } = options;
    this.#options = { batchSize: 128, concurrency: 200, pollMs: 200, random: Math.random, wall: systemClock, ...rest };
    this.#expired = new ExpiredLeaseCheck(this.#options.wall);
    this.#write = committer ? (work) => committer.submit(work) : (work) => work(options.store.db);
    const { clock, batchSize, concurrency, pollMs, log } = this.#options;
    this.#loop = new WorkerLoop({
      signals: jobSignals,
      onEnqueued: this.#onEnqueued,
      onClock: () => {
        this.#idleUntil.clear();
        this.#loop.dueNow();
      },
      clock,
      batchSize,
      concurrency,
      pollMs,
      claim: (room) => this.#claim(room),
      run: (job) => this.#execute(job).catch((error: unknown) => log.error({ err: error, job: job.id, kind: job.kind }, 'recording the job’s outcome failed; it runs again after its lease')),
      claimFailed: (error) => log.error({ err: error }, 'job claim failed'),
    });
  }

  register<S extends TSchema>(definition: JobDefinition<S>, handle: JobHandler<S>): this {
    if (this.#registrations.has(definition.kind)) throw new Error(`job kind ${definition.kind} registered twice`);
    this.#registrations.set(definition.kind, { definition, handle: handle as Registration['handle'] });
    return this;
  }

  start(): void {
    this.#loop.start();
  }

  stop(): Promise<void> {
    return this.#loop.stop();
  }

  /** Claims one batch and runs it; returns how many jobs it ran. Tests and the CLI drive this directly. */
  async runOnce(): Promise<number> {
    const jobs = await this.#claim(this.#options.batchSize);
    await Promise.all(jobs.map((job) => this.#execute(job)));
    return jobs.length;
  }

  async #claim(limit: number): Promise<Job[]> {
    const { store, clock, owner } = this.#options;
    if (this.#registrations.size === 0 || limit <= 0) return [];
    // A lease outlives the longest handler a little (wall time): a dead worker's jobs come back soon after.
    const leaseMs = Math.max(...[...this.#registrations.values()].map((r) => r.definition.timeoutMs)) + LEASE_MARGIN_MS;
    const options = { kinds: [...this.#registrations.keys()], limit, owner, leaseMs, now: clock.now(), wallNow: this.#options.wall.now() };
    // Expired leases are looked for every few seconds, and first.
    if (this.#expired.due()) {
      const expired = await this.#write((db) => claimExpiredJobs({ db, dialect: store.dialect }, options));
      if (expired.length > 0) return expired;
    }
    const wall = performance.now();
    const kinds = options.kinds.filter((kind) => (this.#idleUntil.get(kind) ?? 0) <= options.now);
    // Kinds skipped as idle come due at their own time.
    let next = Math.min(...options.kinds.filter((kind) => !kinds.includes(kind)).map((kind) => this.#idleUntil.get(kind)!));
    let jobs: Job[] = [];
    if (kinds.length > 0) {
      // In a group commit, a claim shares its fsync with other writes instead of paying one of its own.
      const claimed = await this.#write((db) => claimDue({ db, dialect: store.dialect }, { ...options, kinds }));
      jobs = claimed.jobs;
      for (const kind of kinds) {
        if (!claimed.exhausted.includes(kind)) {
          // More may be due: claim again at once.
          this.#idleUntil.delete(kind);
          this.#loop.dueNow();
          continue;
        }
        // A kind with nothing more due may have jobs later (paced sends): wake when the first is due, not a poll later.
        const at = (await nextRunAt(store.db, kind)) ?? Number.POSITIVE_INFINITY;
        next = Math.min(next, at);
        const recent = (this.#enqueuedAt.get(kind) ?? Number.NEGATIVE_INFINITY) > wall - RECENT_ENQUEUE_MS;
        if (recent) this.#idleUntil.delete(kind);
        else this.#idleUntil.set(kind, at);
      }
    }
    this.#loop.dueAt(next);
    return jobs;
  }

  #ack(id: string): Promise<void> {
    return new Promise((resolve) => {
      this.#acks.push({ id, done: resolve });
      if (this.#ackScheduled) return;
      this.#ackScheduled = true;
      setImmediate(() => {
        const batch = this.#acks;
        this.#acks = [];
        this.#ackScheduled = false;
        this.#write((db) => deleteClaimedJobs(db, batch.map((a) => a.id), this.#options.owner))
          .catch((error: unknown) => this.#options.log.error({ err: error }, 'job ack failed; the jobs will run again after their lease'))
          .finally(() => batch.forEach((a) => a.done()));
      });
    });
  }

  async #execute(job: Job): Promise<void> {
    const { clock, owner, log } = this.#options;
    const registration = this.#registrations.get(job.kind);
    if (!registration) return;
    const { definition } = registration;
    try {
      if (job.attempts > definition.maxAttempts) throw new PermanentJobError('attempts exhausted before this claim');
      if (!Value.Check(definition.payload, job.payload)) throw new PermanentJobError('payload does not match its schema');
      await withTimeout(registration.handle(job.payload, job), definition.timeoutMs);
      await this.#ack(job.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const now = clock.now();
      if (error instanceof DeferJobError) {
        await this.#write((db) => deferClaimedJob(db, { id: job.id, owner, runAt: now + error.delayMs, now }));
        this.#onEnqueued(job.kind, now + error.delayMs);
        return;
      }
      if (error instanceof PermanentJobError || job.attempts >= definition.maxAttempts) {
        log.error({ job: job.id, kind: job.kind, attempts: job.attempts, error: message }, 'job is dead');
        await this.#write((db) => buryClaimedJob(db, { id: job.id, owner, error: message, now }));
        return;
      }
      const runAt = now + backoffDelay(job.attempts, definition.backoff, this.#options.random);
      log.warn({ job: job.id, kind: job.kind, attempts: job.attempts, error: message }, 'job failed; will retry');
      await this.#write((db) => rescheduleClaimedJob(db, { id: job.id, owner, runAt, error: message, now }));
      this.#onEnqueued(job.kind, runAt);
    }
  }
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
