import type { Dialect, Executor, Store } from './database.js';
import { byLimit, bySize, precompiled } from './precompiled.js';

/**
 * The durable job queue's SQL. A job row is a trigger that carries ids; the capability's own rows
 * hold the truth. Enqueue runs in the caller's transaction; claims take a lease, so the job of a
 * worker that died is claimed again once the lease runs out. Whether a job is due (`run_at`) is
 * on the sandbox clock; leases are on wall time, so a jump of the sandbox ends none.
 */
export type JobStatus = 'queued' | 'running' | 'dead';

export interface Job {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly status: JobStatus;
  /** Attempts started so far, including the current one once claimed. */
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly runAt: number;
  readonly lastError: string | null;
}

export interface NewJob {
  readonly id: string;
  readonly kind: string;
  readonly payload: unknown;
  readonly runAt: number;
  readonly maxAttempts: number;
  readonly now: number;
}

const insertJobRow = precompiled((db, job: { id: string; kind: string; payload: string; maxAttempts: number; runAt: number; now: number }) =>
  db.insertInto('jobs').values({
    id: job.id,
    kind: job.kind,
    payload: job.payload,
    status: 'queued',
    attempts: 0,
    max_attempts: job.maxAttempts,
    run_at: job.runAt,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    created_at: job.now,
    updated_at: job.now,
  }),
);

export async function insertJob(db: Executor, job: NewJob): Promise<void> {
  await insertJobRow.execute(db, { ...job, payload: JSON.stringify(job.payload) });
}

/** Where a claim runs: the database or an open transaction (a group commit), and which dialect it speaks. */
export type ClaimTarget = Pick<Store, 'db' | 'dialect'>;

export interface ClaimOptions {
  readonly kinds: readonly string[];
  readonly limit: number;
  readonly owner: string;
  readonly leaseMs: number;
  /** The sandbox clock's now: which jobs are due. */
  readonly now: number;
  /** The wall clock's now: leases are taken and run out on it. */
  readonly wallNow: number;
}

/**
 * Claims up to `limit` due jobs, oldest first, one statement per kind. The `jobs_claim` index
 * (kind, status, run_at) makes each a seek, however many jobs of other kinds or of later times
 * wait. On PostgreSQL `FOR UPDATE SKIP LOCKED` lets many processes claim side by side without
 * waiting on each other; SQLite has one writer, so the single statement is already atomic.
 */
export const claimJobs = async (store: ClaimTarget, options: ClaimOptions): Promise<Job[]> => (await claimDue(store, options)).jobs;

/** `claimJobs`, also telling which kinds had fewer due jobs than they were asked for: nothing more is due of them now. */
export const claimDue = (store: ClaimTarget, options: ClaimOptions): Promise<{ jobs: Job[]; exhausted: string[] }> => claimEach(store, 'queued', options);

/**
 * Claims jobs whose lease ran out: their worker died or hung. Rare, so workers look for them every
 * few seconds rather than on every claim.
 */
export const claimExpiredJobs = async (store: ClaimTarget, options: ClaimOptions): Promise<Job[]> => (await claimEach(store, 'expired', options)).jobs;

async function claimEach(store: ClaimTarget, which: Due, options: ClaimOptions): Promise<{ jobs: Job[]; exhausted: string[] }> {
  const claimed: Job[] = [];
  const exhausted: string[] = [];
  for (const kind of options.kinds) {
    if (options.limit - claimed.length <= 0) break;
    const { jobs, limit } = await claimKind(store, kind, which, { ...options, limit: options.limit - claimed.length });
    if (jobs.length < limit) exhausted.push(kind);
    claimed.push(...jobs);
  }
  return { jobs: claimed.sort((a, b) => a.runAt - b.runAt), exhausted };
}

const nextRunAtRow = precompiled((db, c: { kind: string }) =>
  db.selectFrom('jobs').select((eb) => eb.fn.min('run_at').as('at')).where('kind', '=', c.kind).where('status', '=', 'queued'),
);

/** When the earliest queued job of `kind` is due (clock ms): one seek on `jobs_claim`. */
export async function nextRunAt(db: Executor, kind: string): Promise<number | undefined> {
  const row = await nextRunAtRow.executeTakeFirst(db, { kind });
  return row?.at === null || row?.at === undefined ? undefined : Number(row.at);
}

type Due = 'queued' | 'expired';

/** The claim's shape is fixed per kind of due job, dialect and limit: each statement is compiled once. */
const claimRows = (which: Due, dialect: Dialect) =>
  byLimit((limit) =>
    precompiled((db, c: { kind: string; owner: string; leaseUntil: number; now: number; wallNow: number }) =>
      db
        .updateTable('jobs')
        .set((eb) => ({ status: 'running', attempts: eb('attempts', '+', 1), lease_owner: c.owner, lease_until: c.leaseUntil, updated_at: c.now }))
        .where('id', 'in', (eb) => {
          const base = eb.selectFrom('jobs').select('id').where('kind', '=', c.kind);
          const due =
            which === 'queued'
              ? base.where('status', '=', 'queued').where('run_at', '<=', c.now).orderBy('run_at')
              : base.where('status', '=', 'running').where('lease_until', '<', c.wallNow);
          const limited = due.limit(limit);
          return dialect === 'postgres' ? limited.forUpdate().skipLocked() : limited;
        })
        .returningAll(),
    ),
  );
const claimStatements = {
  queued: { sqlite: claimRows('queued', 'sqlite'), postgres: claimRows('queued', 'postgres') },
  expired: { sqlite: claimRows('expired', 'sqlite'), postgres: claimRows('expired', 'postgres') },
};

/** Claims up to `options.limit` jobs of `kind` (rounded down, `byLimit`); tells the limit it claimed with. */
async function claimKind(store: ClaimTarget, kind: string, which: Due, options: ClaimOptions): Promise<{ jobs: Job[]; limit: number }> {
  const { owner, now, wallNow } = options;
  const { statement, limit } = claimStatements[which][store.dialect](options.limit);
  const rows = await statement.execute(store.db, { kind, owner, leaseUntil: wallNow + options.leaseMs, now, wallNow });
  return { jobs: rows.map(toJob), limit };
}

/** Acknowledges finished jobs in one statement; a job whose lease another worker took is left alone. */
const deleteClaimedRows = bySize(() => precompiled((db, owner: string, ...ids: string[]) => db.deleteFrom('jobs').where('id', 'in', ids).where('lease_owner', '=', owner)));

export async function deleteClaimedJobs(db: Executor, ids: readonly string[], owner: string): Promise<void> {
  if (ids.length === 0) return;
  await deleteClaimedRows(ids.length).execute(db, owner, ...ids);
}

/** Acknowledges a finished job. False when the lease was lost to another worker meanwhile. */
export async function deleteClaimedJob(db: Executor, id: string, owner: string): Promise<boolean> {
  const result = await db.deleteFrom('jobs').where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function rescheduleClaimedJob(
  db: Executor,
  change: { id: string; owner: string; runAt: number; error: string; now: number },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'queued', run_at: change.runAt, lease_owner: null, lease_until: null, last_error: change.error, updated_at: change.now })
    .where('id', '=', change.id)
    .where('lease_owner', '=', change.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Puts a claimed job back without counting the attempt it did not really make. */
export async function deferClaimedJob(db: Executor, change: { id: string; owner: string; runAt: number; now: number }): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set((eb) => ({ status: 'queued', run_at: change.runAt, attempts: eb('attempts', '-', 1), lease_owner: null, lease_until: null, updated_at: change.now }))
    .where('id', '=', change.id)
    .where('lease_owner', '=', change.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function buryClaimedJob(db: Executor, change: { id: string; owner: string; error: string; now: number }): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ status: 'dead', lease_owner: null, lease_until: null, last_error: change.error, updated_at: change.now })
    .where('id', '=', change.id)
    .where('lease_owner', '=', change.owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function findJob(db: Executor, id: string): Promise<Job | undefined> {
  const row = await db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toJob(row);
}

export async function countJobsByStatus(db: Executor): Promise<Record<JobStatus, number>> {
  const rows = await db.selectFrom('jobs').select(['status', (eb) => eb.fn.countAll<number | string>().as('n')]).groupBy('status').execute();
  const counts: Record<JobStatus, number> = { queued: 0, running: 0, dead: 0 };
  for (const row of rows) counts[row.status as JobStatus] = Number(row.n);
  return counts;
}

function toJob(row: {
  id: string;
  kind: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  run_at: number;
  last_error: string | null;
}): Job {
  return {
    id: row.id,
    kind: row.kind,
    payload: JSON.parse(row.payload) as unknown,
    status: row.status as JobStatus,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    lastError: row.last_error,
  };
}
