import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { migrationProvider } from './migrations/index.js';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';
/** Anything that runs queries: the database handle or an open transaction. */
export type Executor = Kysely<Schema>;

export interface Store {
  readonly db: Kysely<Schema>;
  readonly dialect: Dialect;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (trx: Transaction<Schema>) => Promise<T>): Promise<T>;
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
  // FULL: a commit is on disk before we answer, so an accepted message survives a power cut.
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return wrap(new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) }), 'sqlite');
}

/**
 * Kysely prepares every query afresh, and preparing costs about as much as running a small query
 * (spec/performance.md). Our queries come from a few hundred shapes, so keep their statements.
 */
function withStatementCache(database: SQLite.Database, capacity = 1000): SQLite.Database {
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
          statement = target.prepare(source);
          if (statements.size >= capacity) statements.delete(statements.keys().next().value!);
          statements.set(source, statement);
        }
        return statement;
      };
    },
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
  return wrap(new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }), 'postgres');
}

function wrap(db: Kysely<Schema>, dialect: Dialect): Store {
  return {
    db,
    dialect,
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
    close: () => db.destroy(),
  };
}
