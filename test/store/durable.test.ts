import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';
import { databaseTargets, suiteStore, tempDir } from '../helpers/databases.js';

const waitFor = async (ok: () => boolean, what: string, ms = 10_000) => {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe.each(databaseTargets)('durable writes on $name', (target) => {
  const opened = suiteStore(target);
  let store: Store;
  beforeAll(async () => {
    store = opened();
    await sql`create table durable_probe (id integer primary key, body text not null)`.execute(store.db);
  });

  it('answers durable() once the writes before it are flushed, for writes from many callers at once', async () => {
    await expect(store.durable()).resolves.toBeUndefined();
    // Concurrent writers, each waiting for its own write to be on disk, as requests do before answering.
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await sql`insert into durable_probe (id, body) values (${i + 1}, ${'x'})`.execute(store.db);
        await store.durable();
      }),
    );
    const rows = await sql<{ n: number }>`select count(*) as n from durable_probe`.execute(store.db);
    expect(Number(rows.rows[0]!.n)).toBe(20);
  });
});

describe('the SQLite log', () => {
  let dataDir: string;
  let store: Store;

  beforeAll(async () => {
    dataDir = tempDir();
    store = openStore({ dataDir, databaseUrl: undefined });
    await store.migrate();
    await sql`create table log_probe (id integer primary key, body text not null)`.execute(store.db);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('flushes a transaction’s commit even when a flush began while its statements ran', async () => {
    // Each flush notes whether the transaction had committed when it began.
    let committed = false;
    const began: boolean[] = [];
    const real = fs.fdatasync;
    const spy = vi.spyOn(fs, 'fdatasync').mockImplementation(((fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
      began.push(committed);
      real(fd, done);
    }) as typeof fs.fdatasync);
    try {
      let early: Promise<void> | undefined;
      await store.transaction(async (trx) => {
        await sql`create table if not exists flush_probe (body text not null)`.execute(trx);
        await sql`insert into flush_probe (body) values ('in a group')`.execute(trx);
        // Another request answers now: its flush starts before this transaction commits.
        early = store.durable();
      });
      committed = true;
      await store.durable();
      await early;
      expect(began[0]).toBe(false);
      expect(began.some((b) => b)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('is copied into the database by the checkpoint thread once it outgrows 4 MB, while the store stays open', async () => {
    const file = path.join(dataDir, 'chatapp.db');
    const before = fs.statSync(file).size;
    const body = 'y'.repeat(4000);
    // About 8 MB in transactions of a thousand rows: commits no longer checkpoint by themselves.
    for (let batch = 0; batch < 2; batch++) {
      await store.transaction(async (trx) => {
        for (let i = 0; i < 1000; i++) await sql`insert into log_probe (body) values (${body})`.execute(trx);
      });
    }
    await store.durable();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(4 * 1024 * 1024);
    await waitFor(() => fs.statSync(file).size > before + 4 * 1024 * 1024, 'the database file to take in the log');
    // Nothing is lost in the move: the rows read back in full, and a store opened afresh sees them.
    const again = openStore({ dataDir, databaseUrl: undefined });
    const rows = await sql<{ n: number; bytes: number }>`select count(*) as n, sum(length(body)) as bytes from log_probe`.execute(again.db);
    expect(rows.rows[0]).toEqual({ n: 2000, bytes: 2000 * 4000 });
    await again.close();
  });

  it('checkpoints when the process runs from another directory (the thread finds its driver), and lets it exit cleanly on close', () => {
    const elsewhere = tempDir();
    try {
      const root = path.resolve(import.meta.dirname, '../..');
      const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/esm/index.mjs')).href;
      // It exits 0 only if closing the store ends the checkpoint thread too.
      const size = execFileSync(process.execPath, ['--import', tsx, path.join(root, 'test/store/fixtures/fill-log.ts'), elsewhere], {
        cwd: os.tmpdir(),
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(Number(size.trim())).toBeGreaterThan(4 * 1024 * 1024);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
