import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openStore, type Store } from '../../src/store/database.js';

/**
 * The databases every store-touching suite runs against: a real SQLite file and the real
 * PostgreSQL on 127.0.0.1:5432. PostgreSQL is required: when it is unreachable the suite fails,
 * it never skips.
 */
export interface DatabaseTarget {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh, empty database: the data dir and (for PostgreSQL) its URL. */
  create(): Promise<FreshDatabase>;
}

export interface FreshDatabase {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  drop(): Promise<void>;
}

export const POSTGRES_ADMIN_URL = process.env.CHATAPP_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function tempDir(prefix = 'chatapp-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

const sqlite: DatabaseTarget = {
  name: 'sqlite',
  async create() {
    const dataDir = tempDir();
    return { dataDir, databaseUrl: undefined, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  },
};

const postgres: DatabaseTarget = {
  name: 'postgres',
  async create() {
    const name = `chatapp_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_ADMIN_URL);
    url.pathname = `/${name}`;
    const dataDir = tempDir();
    return {
      dataDir,
      databaseUrl: url.toString(),
      drop: async () => {
        await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL at ${POSTGRES_ADMIN_URL} is required for the test suite and is unreachable: ${(error as Error).message}`);
  }
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export const databaseTargets: readonly DatabaseTarget[] = [sqlite, postgres];

/**
 * A fresh, migrated store on `target` for the enclosing suite, closed and dropped after it. Call
 * inside `describe`; the getter is valid in its tests and in hooks registered after this call.
 */
export function suiteStore(target: DatabaseTarget): () => Store {
  let database: FreshDatabase | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    database = await target.create();
    store = openStore(database);
    await store.migrate();
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });
  return () => store!;
}
