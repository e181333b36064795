import { Type } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxClock } from '../../src/core/clock.js';
import { openStore, type Store } from '../../src/store/database.js';
import { claimExpiredJobs, claimJobs, countJobsByStatus, deleteClaimedJob, findJob } from '../../src/store/jobs.js';
import { defineJob, enqueue, JobRunner, PermanentJobError } from '../../src/store/queue.js';
import { TestWall } from '../helpers/clocks.js';
import { databaseTargets, type FreshDatabase } from '../helpers/databases.js';

const silent = { warn: () => {}, error: () => {} };

/** Each test uses a job kind of its own, so jobs one test leaves leased never reach another. */
const pingJob = (kind: string) => defineJob({
  kind: `test.${kind}`,
  payload: Type.Object({ n: Type.Integer() }),
  maxAttempts: 3,
  backoff: { baseMs: 1000, maxMs: 60_000 },
  timeoutMs: 1000,
});

describe.each(databaseTargets)('the job queue on $name', (target) => {
  let database: FreshDatabase;
  let store: Store;
  let clock: SandboxClock;
  let wall: TestWall;

  beforeAll(async () => {
    database = await target.create();
    store = openStore(database);
    await store.migrate();
    // Frozen base: time moves only when a test advances it.
    const start = Date.parse('2026-11-25T12:00:00Z');
    clock = new SandboxClock({ base: { now: () => start } });
    // Leases run on wall time: frozen too, moved only by the tests about leases.
    wall = new TestWall({ now: () => start });
  });
  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it('applies migrations once and finds nothing to do the second time', async () => {
    expect((await store.migrate()).applied).toEqual([]);
  });

  it('enqueues inside the caller transaction, so a rollback leaves no job', async () => {
    const ping = pingJob('t1');
    let id = '';
    await expect(
      store.transaction(async (trx) => {
        id = await enqueue(trx, { clock, definition: ping, payload: { n: 1 } });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await findJob(store.db, id)).toBeUndefined();
    const kept = await store.transaction((trx) => enqueue(trx, { clock, definition: ping, payload: { n: 2 } }));
    expect((await findJob(store.db, kept))?.status).toBe('queued');
  });

  it('refuses a payload that does not match the job schema', async () => {
    const ping = pingJob('t2');
    await expect(enqueue(store.db, { clock, definition: ping, payload: { n: 'x' } as never })).rejects.toThrow(/schema/);
  });

  it('claims a due job with a lease and claims it again only after the lease runs out on wall time', async () => {
    const ping = pingJob('t3');
    const id = await enqueue(store.db, { clock, definition: ping, payload: { n: 3 } });
    const first = await claimJobs(store, { kinds: [ping.kind], limit: 10, owner: 'a', leaseMs: 5000, now: clock.now(), wallNow: wall.now() });
    expect(first.map((j) => j.id)).toEqual([id]);
    expect(first[0]!.attempts).toBe(1);
    expect(await claimJobs(store, { kinds: [ping.kind], limit: 10, owner: 'b', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).toEqual([]);
    expect(await claimExpiredJobs(store, { kinds: [ping.kind], limit: 10, owner: 'b', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).toEqual([]);
    // A jump of the sandbox clock far past the lease ends nothing: the job is still worker a's.
    clock.advance(30 * 24 * 3600 * 1000);
    expect(await claimJobs(store, { kinds: [ping.kind], limit: 10, owner: 'b', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).toEqual([]);
    expect(await claimExpiredJobs(store, { kinds: [ping.kind], limit: 10, owner: 'b', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).toEqual([]);
    // Its wall-time length does.
    wall.advance(5001);
    expect(await claimJobs(store, { kinds: [ping.kind], limit: 10, owner: 'b', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).toEqual([]);
    const again = await claimExpiredJobs(store, { kinds: [ping.kind], limit: 10, owner: 'b', leaseMs: 5000, now: clock.now(), wallNow: wall.now() });
    expect(again.map((j) => [j.id, j.attempts])).toEqual([[id, 2]]);
    expect(await deleteClaimedJob(store.db, id, 'a')).toBe(false);
    expect(await deleteClaimedJob(store.db, id, 'b')).toBe(true);
  });

  it('does not claim a job before its time', async () => {
    const ping = pingJob('t4');
    const id = await enqueue(store.db, { clock, definition: ping, payload: { n: 4 }, runAt: clock.now() + 60_000 });
    expect(await claimJobs(store, { kinds: [ping.kind], limit: 10, owner: 'a', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).toEqual([]);
    clock.advance(60_000);
    expect((await claimJobs(store, { kinds: [ping.kind], limit: 10, owner: 'a', leaseMs: 5000, now: clock.now(), wallNow: wall.now() })).map((j) => j.id)).toEqual([id]);
  });

  it('runs a handler and deletes the job once it succeeds', async () => {
    const ping = pingJob('t5');
    const seen: number[] = [];
    const runner = new JobRunner({ store, clock, owner: 'w', log: silent }).register(ping, async (p) => {
      seen.push(p.n);
    });
    const id = await enqueue(store.db, { clock, definition: ping, payload: { n: 5 } });
    expect(await runner.runOnce()).toBe(1);
    expect(seen).toEqual([5]);
    expect(await findJob(store.db, id)).toBeUndefined();
  });

  it('retries a failing job with exponential backoff, then marks it dead after its last attempt', async () => {
    const ping = pingJob('t6');
    let calls = 0;
    const runner = new JobRunner({ store, clock, owner: 'w', log: silent, random: () => 1 }).register(ping, async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const id = await enqueue(store.db, { clock, definition: ping, payload: { n: 6 } });

    await runner.runOnce();
    let job = await findJob(store.db, id);
    expect(job).toMatchObject({ status: 'queued', attempts: 1, lastError: 'boom 1' });
    expect(job!.runAt - clock.now()).toBe(1000);

    expect(await runner.runOnce()).toBe(0);
    clock.advance(1000);
    await runner.runOnce();
    job = await findJob(store.db, id);
    expect(job).toMatchObject({ status: 'queued', attempts: 2 });
    expect(job!.runAt - clock.now()).toBe(2000);

    clock.advance(2000);
    await runner.runOnce();
    expect(await findJob(store.db, id)).toMatchObject({ status: 'dead', attempts: 3, lastError: 'boom 3' });
    clock.advance(3_600_000);
    expect(await runner.runOnce()).toBe(0);
    expect(calls).toBe(3);
    expect((await countJobsByStatus(store.db)).dead).toBeGreaterThanOrEqual(1);
  });

  it('sends a job that throws a permanent error straight to the dead state', async () => {
    const ping = pingJob('t7');
    const runner = new JobRunner({ store, clock, owner: 'w', log: silent }).register(ping, async () => {
      throw new PermanentJobError('cannot ever work');
    });
    const id = await enqueue(store.db, { clock, definition: ping, payload: { n: 7 } });
    await runner.runOnce();
    expect(await findJob(store.db, id)).toMatchObject({ status: 'dead', attempts: 1, lastError: 'cannot ever work' });
  });

  it('does not run a job again in worker B while worker A still runs it, however far the sandbox clock jumps; B takes it once A’s lease runs out on wall time', async () => {
    // A handler may run a minute: its lease is that and a margin, 65 s of wall time.
    const slow = defineJob({ ...pingJob('t-lease'), timeoutMs: 60_000 });
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    let started = () => {};
    const aStarted = new Promise<void>((resolve) => (started = resolve));
    const a = new JobRunner({ store, clock, wall, owner: 'a', log: silent }).register(slow, async () => {
      runs.push('a');
      started();
      await gate;
    });
    const b = new JobRunner({ store, clock, wall, owner: 'b', log: silent }).register(slow, async () => {
      runs.push('b');
    });
    const id = await enqueue(store.db, { clock, definition: slow, payload: { n: 1 } });
    const aRun = a.runOnce();
    await aStarted;
    try {
      clock.advance(30 * 24 * 3600 * 1000);
      expect(await b.runOnce()).toBe(0);
      expect(await findJob(store.db, id)).toMatchObject({ status: 'running', attempts: 1 });
      wall.advance(64_000);
      // B looks for expired leases every 2 s of wall time: this look finds A's lease still held.
      expect(await b.runOnce()).toBe(0);
      expect(runs).toEqual(['a']);
      // A dead worker's lease still runs out after its wall-time length.
      wall.advance(2_000);
      expect(await b.runOnce()).toBe(1);
      expect(runs).toEqual(['a', 'b']);
      expect(await findJob(store.db, id)).toBeUndefined();
    } finally {
      release();
      await aRun;
    }
  });

  it('wakes for a job scheduled ahead when it falls due, not a poll later', async () => {
    const ping = pingJob('t-due');
    const wallClock = new SandboxClock();
    const ran: number[] = [];
    // A poll far longer than the test may wait: the job runs only if the runner wakes at its time.
    const runner = new JobRunner({ store, clock: wallClock, owner: 'w', log: silent, pollMs: 120_000 }).register(ping, async (p) => {
      ran.push(p.n);
    });
    runner.start();
    try {
      const runAt = wallClock.now() + 300;
      await enqueue(store.db, { clock: wallClock, definition: ping, payload: { n: 1 }, runAt });
      for (let i = 0; i < 100 && ran.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(ran).toEqual([1]);
      expect(wallClock.now()).toBeGreaterThanOrEqual(runAt);
    } finally {
      await runner.stop();
    }
  });

  it('takes jobs due a millisecond apart (paced sends) a batch a claim, and runs none before its time', async () => {
    const ping = pingJob('t-batch');
    const wallClock = new SandboxClock();
    const ran: { n: number; at: number; runAt: number; lease: number }[] = [];
    const runner = new JobRunner({ store, clock: wallClock, owner: 'l', log: silent, pollMs: 120_000 }).register(ping, async (p, job) => {
      const row = await store.db.selectFrom('jobs').select('lease_until').where('id', '=', job.id).executeTakeFirstOrThrow();
      ran.push({ n: p.n, at: wallClock.now(), runAt: job.runAt, lease: Number(row.lease_until) });
    });
    runner.start();
    try {
      // Paced like sends at the top throughput level: 60 jobs due 1 ms apart, from 200 ms on.
      const start = wallClock.now() + 200;
      await store.transaction(async (trx) => {
        for (let n = 0; n < 60; n++) await enqueue(trx, { clock: wallClock, definition: ping, payload: { n }, runAt: start + n });
      });
      for (let i = 0; i < 200 && ran.length < 60; i++) await new Promise((r) => setTimeout(r, 25));
      expect(ran.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, n) => n));
      expect(ran.filter((r) => r.at < r.runAt)).toEqual([]);
      // A claim leases its jobs until one moment, so leases count claims: waking for each job would
      // make about 60; gathering 10 ms at a time makes about 7.
      expect(new Set(ran.map((r) => r.lease)).size).toBeLessThanOrEqual(15);
    } finally {
      await runner.stop();
    }
  });

  it('gives each job to one of several concurrent claimers only', async () => {
    const ping = pingJob('t8');
    const stores = [store, openStore(database), openStore(database)];
    const ids = new Set<string>();
    for (let i = 0; i < 60; i++) ids.add(await enqueue(store.db, { clock, definition: ping, payload: { n: i } }));
    const claimed: string[] = [];
    await Promise.all(
      stores.map(async (s, w) => {
        for (;;) {
          const jobs = await claimJobs(s, { kinds: [ping.kind], limit: 7, owner: `w${w}`, leaseMs: 60_000, now: clock.now(), wallNow: wall.now() });
          if (jobs.length === 0) return;
          claimed.push(...jobs.map((j) => j.id));
        }
      }),
    );
    await Promise.all(stores.slice(1).map((s) => s.close()));
    expect(claimed.length).toBe(ids.size);
    expect(new Set(claimed)).toEqual(ids);
  });
});

