import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { Checkpointer } from './checkpointer.js';
import { LiteralLimits } from './literal-limits.js';
import { migrationProvider } from './migrations/index.js';
import { runDirectlyInTransactions } from './precompiled.js';
import type { Schema } from './schema.js';
import { WalSync } from './wal-sync.js';

export type Dialect = 'sqlite' | 'postgres';
/** Anything that runs queries: the database handle or an open transaction. */
export type Executor = Kysely<Schema>;

export interface Store {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T>;
  /**
   * Resolves when every write committed so far is on disk: what an answer waits for before it
   * leaves (SQLite flushes its log off the event loop, `wal-sync.ts`; a PostgreSQL commit already is).
   */
  durable(): Promise<void>;
  migrate(): Promise<{ applied: string[] }>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A postgres:// URL, or undefined for SQLite. */
  readonly databaseUrl: string | undefined;
  /** Where the SQLite file lives (`chatapp.db`). */
  readonly dataDir: string;
}

export function openStore(options: StoreOptions): Store {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openSqlite(path.join(options.dataDir, 'chatapp.db'));
}

function openSqlite(file: string): Store {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // NORMAL: a commit appends to the log without waiting for the disk; `WalSync` flushes the log on
  // the thread pool and every answer waits for it, so an accepted message still survives a power cut.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Checkpoints run on a thread of their own (`checkpointer.ts`), not inside a commit.
  database.pragma('wal_autocheckpoint = 0');
  // When the log starts over, its file is cut back to this size rather than keeping its largest.
  database.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const wal = new WalSync(file);
  const checkpointer = new Checkpointer(file, (message) => process.emitWarning(`SQLite checkpoint: ${message}`));
  const cached = withStatementCache(database, wal);
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: cached }), plugins: [new LiteralLimits()] });
  // What Kysely's SQLite connection does with a statement, for precompiled ones inside a transaction.
  runDirectlyInTransactions(db, (text, parameters) => {
    const statement = cached.prepare(text);
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  });
  return wrap(db, 'sqlite', {
    durable: () => wal.durable(),
    close: async () => {
      await wal.close();
      await checkpointer.close();
      await db.destroy();
    },
  });
}

/**
 * Kysely prepares every query afresh, and preparing costs about as much as running a small query
 * (spec/performance.md). Our queries come from a few hundred shapes, so keep their statements.
 */
function withStatementCache(database: SQLite.Database, wal: WalSync, capacity = 1000): SQLite.Database {
  const statements = new Map<string, SQLite.Statement>();
  return new Proxy(database, {
    get(target, property) {
      if (property !== 'prepare') {
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (given: string) => {
        // Kysely opens transactions with a deferred `begin`: one that reads, then writes after another
        // process (the CLI beside a running server) committed, fails at once with SQLITE_BUSY whatever
        // the busy timeout. `begin immediate` takes the write lock first and waits for it instead.
        const source = given === 'begin' ? 'begin immediate' : given;
        let statement = statements.get(source);
        if (!statement) {
          statement = noteWrites(target.prepare(source), wal);
          if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
          statements.set(source, statement);
        }
        return statement;
      };
    },
  });
}

/**
 * A statement that writes tells `wal` when it ran; Kysely calls `all` (with `returning`), `run` or
 * `iterate`. So does `commit`, which SQLite counts as read-only: it is what puts a transaction's
 * pages in the log, so a flush that began before it (while its statements ran) does not cover it.
 */
function noteWrites(statement: SQLite.Statement, wal: WalSync): SQLite.Statement {
  // `begin immediate` counts as writing to SQLite, but a transaction that only reads wrote nothing.
  const writes = statement.source === 'commit' || (!statement.readonly && statement.source !== 'begin immediate');
  if (!writes) return statement;
  const noted = <A extends unknown[], R>(run: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return run(...args);
      } finally {
        wal.wrote();
      }
    };
  return Object.assign(Object.create(statement) as SQLite.Statement, {
    all: noted(statement.all.bind(statement)),
    run: noted(statement.run.bind(statement)),
    get: noted(statement.get.bind(statement)),
    iterate: noted(statement.iterate.bind(statement)),
  });
}

// BIGINT (our millisecond timestamps) comes back from pg as a string unless told otherwise;
// the values stay far below 2^53.
const pgTypes = {
  getTypeParser: (oid: number, format?: string) =>
    oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text'),
};

function openPostgres(connectionString: string): Store {
  const pool = new pg.Pool({ connectionString, max: 10, types: pgTypes });
  // An idle connection that PostgreSQL drops (a restart, a terminated backend) must not crash the
  // process; the pool replaces it on next use.
  pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost: ${error.message}`));
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return wrap(db, 'postgres', { durable: () => Promise.resolve(), close: () => db.destroy() });
}

function wrap(db: Kysely<Schema>, dialect: Dialect, io: Pick<Store, 'durable' | 'close'>): Store {
  return {
    db,
    dialect,
    ...io,
    transaction: (fn) => db.transaction().execute(fn),
    async migrate() {
      const migrator = new Migrator({ db, provider: migrationProvider });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error instanceof Error ? error : new Error(String(error));
      return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
  };
}
