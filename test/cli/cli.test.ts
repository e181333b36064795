import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { settings } from '../../src/config.js';
import { databaseTargets, tempDir, type FreshDatabase } from '../helpers/databases.js';

/**
 * The CLI through its public surface: the real `node bin/chatapp.js`, spawned as a user would run
 * it, talked to over real HTTP. Every spawned process is bounded by a timeout and killed at the end.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'chatapp.js');
/** How long one CLI run (or a server's start) may take before the test gives up and kills it. */
const PROCESS_TIMEOUT_MS = 30_000;

const live = new Set<ChildProcess>();

afterAll(() => {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
});

/** The child's environment: this process's, minus any chatapp setting it happens to carry, plus `vars`. */
function cliEnv(vars: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const s of settings) delete env[s.env];
  return { ...env, LOG_LEVEL: 'warn', ...vars };
}

/** `vars` that point the CLI at a database made by `databaseTargets`. */
const databaseVars = (db: FreshDatabase): Record<string, string | undefined> => ({
  CHATAPP_DATA_DIR: db.dataDir,
  DATABASE_URL: db.databaseUrl,
});

function spawnChatapp(args: readonly string[], vars: Record<string, string | undefined>): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(vars), stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  child.once('close', () => live.delete(child));
  return child;
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one CLI command to its end (killed and failed after `timeoutMs`). */
function runChatapp(args: readonly string[], vars: Record<string, string | undefined> = {}, timeoutMs = PROCESS_TIMEOUT_MS): Promise<Finished> {
  const child = spawnChatapp(args, vars);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chatapp ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** `chatapp demo --json` that must succeed; returns what it printed, parsed. */
async function demoJson(vars: Record<string, string | undefined>, extraArgs: readonly string[] = []): Promise<Record<string, unknown>> {
  const run = await runChatapp(['demo', '--json', ...extraArgs], vars);
  expect(run, run.stderr).toMatchObject({ code: 0 });
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

/** A running `chatapp serve`, its output collected as it comes. */
class Server {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;

  constructor(vars: Record<string, string | undefined>) {
    this.#child = spawnChatapp(['serve'], vars);
    this.#child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (this.stdout += chunk));
    this.#child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.#child.once('close', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** Resolves once stdout contains `text`; fails if the process ends first or `timeoutMs` passes. */
  waitForStdout(text: string, timeoutMs = PROCESS_TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.stdout.includes(text)) finish(() => resolve());
      };
      const onExit = (): void =>
        finish(() => reject(new Error(`chatapp serve exited before printing "${text}"\nstdout: ${this.stdout}\nstderr: ${this.stderr}`)));
      const timer = setTimeout(
        () => finish(() => reject(new Error(`chatapp serve did not print "${text}" within ${timeoutMs} ms\nstdout: ${this.stdout}\nstderr: ${this.stderr}`))),
        timeoutMs,
      );
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        this.#child.stdout!.off('data', check);
        this.#child.off('close', onExit);
        settle();
      };
      this.#child.stdout!.on('data', check);
      this.#child.once('close', onExit);
      check();
    });
  }

  /** Sends SIGTERM and waits for the exit (SIGKILL and failure after `timeoutMs`). */
  async stop(timeoutMs = 15_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) this.#child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#child.kill('SIGKILL');
        reject(new Error(`chatapp serve did not stop within ${timeoutMs} ms of SIGTERM`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(): void {
    if (this.running) this.#child.kill('SIGKILL');
  }
}

/** Starts `chatapp serve` on an ephemeral port and waits for its banner. */
async function startServer(vars: Record<string, string | undefined>): Promise<Server> {
  const server = new Server({ PORT: '0', ...vars });
  try {
    await server.waitForStdout('Access token');
    // The banner is written in one piece; wait for its last line too.
    await server.waitForStdout('Try: curl');
  } catch (error) {
    server.kill();
    throw error;
  }
  return server;
}

/** The value of a banner row (`  API base URL     http://127.0.0.1:PORT/v25.0`). */
function bannerValue(stdout: string, label: string): string {
  const line = stdout.split('\n').find((l) => l.trimStart().startsWith(`${label} `));
  if (!line) throw new Error(`the banner has no "${label}" row:\n${stdout}`);
  return line.trim().slice(label.length).trim();
}

interface Banner {
  readonly apiBase: string;
  readonly origin: string;
  readonly token: string;
  readonly wabaId: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber: string;
}

function parseBanner(stdout: string): Banner {
  const apiBase = bannerValue(stdout, 'API base URL');
  const phone = /^(\d+)\s+\((.+)\)$/.exec(bannerValue(stdout, 'Phone number id'));
  if (!phone) throw new Error(`unexpected "Phone number id" row:\n${stdout}`);
  return {
    apiBase,
    origin: new URL(apiBase).origin,
    token: bannerValue(stdout, 'Access token'),
    wabaId: bannerValue(stdout, 'WABA id'),
    phoneNumberId: phone[1]!,
    displayPhoneNumber: phone[2]!,
  };
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

const nonEmptyLines = (text: string): string[] => text.split('\n').filter((line) => line.trim() !== '');

const DEMO_KEYS = ['access_token', 'app_secret', 'base_url', 'business_id', 'console', 'display_phone_number', 'phone_number_id', 'verify_token', 'waba_id'];

describe.each(databaseTargets)('chatapp demo and migrate on $name', (target) => {
  let db: FreshDatabase;
  /** The first `chatapp demo --json` on `db`, run once and shared by the tests that need it. */
  let firstRun: Promise<Finished> | undefined;
  const firstDemo = (): Promise<Finished> => (firstRun ??= runChatapp(['demo', '--json'], databaseVars(db)));
  const firstFacts = async (): Promise<Record<string, unknown>> => {
    const run = await firstDemo();
    expect(run.code, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };

  beforeAll(async () => {
    db = await target.create();
  });

  afterAll(async () => {
    await firstRun?.catch(() => undefined);
    await db?.drop();
  });

  test('migrate applies the migrations to an empty database and exits 0', async () => {
    const empty = await target.create();
    try {
      const run = await runChatapp(['migrate'], databaseVars(empty));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^applied \S+/);
    } finally {
      await empty.drop();
    }
  });

  test('demo --json prints exactly one JSON object holding the ids, the credentials and the console login', async () => {
    const run = await firstDemo();
    expect(run.code, run.stderr).toBe(0);
    const lines = nonEmptyLines(run.stdout);
    expect(lines).toHaveLength(1);
    const facts = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(facts).toBeTypeOf('object');
    expect(Object.keys(facts).sort()).toEqual(DEMO_KEYS);
    for (const key of DEMO_KEYS.filter((k) => k !== 'console')) {
      expect(facts[key], key).toBeTypeOf('string');
      expect(facts[key], key).not.toBe('');
    }
    for (const key of ['business_id', 'waba_id', 'phone_number_id']) expect(facts[key], key).toMatch(/^\d+$/);
    expect(facts.base_url).toMatch(/^https?:\/\//);
    const consoleLogin = facts.console as Record<string, unknown>;
    expect(Object.keys(consoleLogin).sort()).toEqual(['email', 'password']);
    expect(consoleLogin.email).toMatch(/^\S+@\S+$/);
    expect(consoleLogin.password).toBeTypeOf('string');
    expect(consoleLogin.password).not.toBe('');
  });

  test('demo --json run again on the same database prints the same business, WABA and phone number', async () => {
    const first = await firstFacts();
    const second = await demoJson(databaseVars(db));
    expect(second.business_id).toBe(first.business_id);
    expect(second.waba_id).toBe(first.waba_id);
    expect(second.phone_number_id).toBe(first.phone_number_id);
    expect(second.display_phone_number).toBe(first.display_phone_number);
    expect(second.access_token).toBeTypeOf('string');
  });

  test('demo --json --business "Other Co" sets up a different business with its own ids', async () => {
    const demo = await firstFacts();
    const other = await demoJson(databaseVars(db), ['--business', 'Other Co']);
    expect(Object.keys(other).sort()).toEqual(DEMO_KEYS);
    expect(other.business_id).not.toBe(demo.business_id);
    expect(other.waba_id).not.toBe(demo.waba_id);
    expect(other.phone_number_id).not.toBe(demo.phone_number_id);
    expect(other.display_phone_number).not.toBe(demo.display_phone_number);
    expect(other.access_token).not.toBe(demo.access_token);
  });

  test('migrate on a database that is already migrated exits 0 and reports it up to date', async () => {
    await firstFacts();
    const run = await runChatapp(['migrate'], databaseVars(db));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('database is up to date\n');
  });
});

describe('chatapp serve on an empty SQLite data dir', () => {
  const sqlite = databaseTargets.find((t) => t.name === 'sqlite')!;
  let db: FreshDatabase;
  let server: Server;
  let banner: Banner;

  beforeAll(async () => {
    db = await sqlite.create();
    server = await startServer(databaseVars(db));
    banner = parseBanner(server.stdout);
  });

  afterAll(async () => {
    server?.kill();
    await server?.exited;
    await db?.drop();
  });

  test('prints a banner with the API base URL on the port it listens on, a token, a WABA and a phone number', () => {
    expect(banner.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v25\.0$/);
    expect(Number(new URL(banner.apiBase).port)).toBeGreaterThan(0);
    expect(banner.token).toMatch(/^\S{20,}$/);
    expect(banner.wabaId).toMatch(/^\d+$/);
    expect(banner.displayPhoneNumber).toMatch(/^\+[\d -]+$/);
  });

  test('the banner token lists the WABA phone numbers over real HTTP', async () => {
    const res = await fetch(`${banner.apiBase}/${banner.wabaId}/phone_numbers`, { headers: bearer(banner.token) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: { id: string; display_phone_number: string }[] };
    expect(body.data).toHaveLength(1);
    expect(body.data[0]!.display_phone_number).toBe(banner.displayPhoneNumber);
    expect(body.data[0]!.id).toBe(banner.phoneNumberId);
  });

  test('answers health, readiness, metrics and API docs', async () => {
    const healthz = await fetch(`${banner.origin}/healthz`);
    expect(healthz.status).toBe(200);
    expect(await healthz.json()).toEqual({ status: 'ok' });

    const readyz = await fetch(`${banner.origin}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready' });

    const metrics = await fetch(`${banner.origin}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('chatapp_http_request_duration_seconds');

    const docs = await fetch(`${banner.origin}/docs`, { redirect: 'manual' });
    if (docs.status >= 300 && docs.status < 400) {
      const location = new URL(docs.headers.get('location') ?? '', `${banner.origin}/docs`);
      expect(location.pathname.startsWith('/docs')).toBe(true);
      expect((await fetch(location)).status).toBe(200);
    } else {
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    }

    const openapi = await fetch(`${banner.origin}/docs/json`);
    expect(openapi.status).toBe(200);
    const document = (await openapi.json()) as { openapi?: string; info?: { title?: string }; paths?: Record<string, unknown> };
    expect(document.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(document.info?.title).toBe('chatapp');
    expect(Object.keys(document.paths ?? {}).some((p) => p.endsWith('/phone_numbers'))).toBe(true);
  });

  test("another business's token is told the first business's WABA does not exist, exactly as for an unknown id", async () => {
    // A second business set up by the CLI against the same data dir while the server runs.
    const rival = await demoJson(databaseVars(db), ['--business', 'Rival']);
    expect(rival.waba_id).not.toBe(banner.wabaId);
    const rivalToken = rival.access_token as string;

    // The Rival token works: it sees its own WABA.
    const own = await fetch(`${banner.apiBase}/${rival.waba_id as string}/phone_numbers`, { headers: bearer(rivalToken) });
    expect(own.status).toBe(200);
    expect(((await own.json()) as { data: { id: string }[] }).data.map((n) => n.id)).toEqual([rival.phone_number_id]);

    const notFound = (id: string): string =>
      `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`;
    const ask = async (id: string) => {
      const res = await fetch(`${banner.apiBase}/${id}/phone_numbers`, { headers: bearer(rivalToken) });
      const body = (await res.json()) as { error: Record<string, unknown> };
      return { status: res.status, body };
    };

    const foreign = await ask(banner.wabaId);
    expect(foreign.status).toBe(400);
    expect(foreign.body.error).toMatchObject({ code: 100, error_subcode: 33, message: notFound(banner.wabaId) });

    const unknownId = '123456789';
    const unknown = await ask(unknownId);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 100, error_subcode: 33, message: notFound(unknownId) });

    // Apart from the id it names and the trace id, the two answers are the same.
    const normalise = (body: { error: Record<string, unknown> }, id: string): unknown =>
      JSON.parse(JSON.stringify({ ...body.error, fbtrace_id: undefined }).replaceAll(id, '<id>'));
    expect(normalise(foreign.body, banner.wabaId)).toEqual(normalise(unknown.body, unknownId));
  });

  test('SIGTERM stops the server with exit code 0', async () => {
    expect(server.running).toBe(true);
    const exit = await server.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    await expect(fetch(`${banner.origin}/healthz`)).rejects.toThrow();
  });
});

describe('secrets in logs', () => {
  test('with debug logging, a token in the query string or the Authorization header never reaches stdout or stderr', async () => {
    const db = await databaseTargets.find((t) => t.name === 'sqlite')!.create();
    let server: Server | undefined;
    try {
      server = await startServer({ ...databaseVars(db), LOG_LEVEL: 'debug' });
      const { apiBase, origin, token, wabaId } = parseBanner(server.stdout);
      const bannerEnd = server.stdout.length;

      const inQuery = await fetch(`${apiBase}/${wabaId}/phone_numbers?access_token=${encodeURIComponent(token)}&limit=5`);
      expect(inQuery.status).toBe(200);
      const inHeader = await fetch(`${apiBase}/${wabaId}/phone_numbers`, { headers: bearer(token) });
      expect(inHeader.status).toBe(200);
      const unknownPath = await fetch(`${origin}/no/such/path?access_token=${encodeURIComponent(token)}`);
      expect(unknownPath.status).toBe(400);
      const wrongToken = await fetch(`${apiBase}/${wabaId}/phone_numbers?access_token=${encodeURIComponent(`${token}x`)}`);
      expect(wrongToken.status).toBe(401);

      const exit = await server.stop();
      expect(exit).toEqual({ code: 0, signal: null });

      // The requests were logged (so this checks real log lines), with the token masked.
      const logged = server.stdout.slice(bannerEnd);
      const logLines = nonEmptyLines(logged);
      expect(logLines.filter((l) => l.includes('"incoming request"')).length).toBeGreaterThanOrEqual(4);
      expect(logged).toContain('access_token=[redacted]');
      expect(logged).not.toContain(token);
      expect(server.stderr).not.toContain(token);

      // On stdout the token appears only in the banner's own rows.
      const withToken = server.stdout.split('\n').filter((line) => line.includes(token));
      expect(withToken).toHaveLength(2);
      expect(withToken[0]).toMatch(/^\s+Access token\s+\S+$/);
      expect(withToken[1]).toMatch(/^\s+Try: curl -H "Authorization: Bearer \S+" /);
    } finally {
      server?.kill();
      await server?.exited;
      await db.drop();
    }
  });
});

describe('bad configuration stops the process before it starts', () => {
  /** A data dir that does not exist yet: a process that stopped on its configuration never creates it. */
  const parents: string[] = [];
  const untouchedDataDir = (): string => {
    const parent = tempDir('chatapp-cli-bad-');
    parents.push(parent);
    return path.join(parent, 'data');
  };

  afterAll(() => {
    for (const parent of parents) fs.rmSync(parent, { recursive: true, force: true });
  });

  const expectRejected = (run: Finished, dataDir: string, named: readonly string[]): void => {
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = nonEmptyLines(run.stderr);
    expect(lines, run.stderr).toHaveLength(named.length);
    named.forEach((name, i) => expect(lines[i]).toContain(name));
    expect(fs.existsSync(dataDir)).toBe(false);
  };

  test('PORT=abc exits 2 with one line naming PORT', async () => {
    const dataDir = untouchedDataDir();
    const run = await runChatapp(['serve'], { PORT: 'abc', CHATAPP_DATA_DIR: dataDir });
    expectRejected(run, dataDir, ['PORT']);
    expect(run.stderr).toContain('"abc"');
  });

  test('CHATAPP_UPSTREAM=bogus exits 2 with one line naming CHATAPP_UPSTREAM', async () => {
    const dataDir = untouchedDataDir();
    const run = await runChatapp(['serve'], { CHATAPP_UPSTREAM: 'bogus', CHATAPP_DATA_DIR: dataDir });
    expectRejected(run, dataDir, ['CHATAPP_UPSTREAM']);
  });

  test('DATABASE_URL=mysql://x exits 2 with one line naming DATABASE_URL', async () => {
    const dataDir = untouchedDataDir();
    const run = await runChatapp(['migrate'], { DATABASE_URL: 'mysql://x', CHATAPP_DATA_DIR: dataDir });
    expectRejected(run, dataDir, ['DATABASE_URL']);
  });

  test('two bad values are both reported, one line each', async () => {
    const dataDir = untouchedDataDir();
    const run = await runChatapp(['serve'], { PORT: 'abc', CHATAPP_UPSTREAM: 'bogus', CHATAPP_DATA_DIR: dataDir });
    expectRejected(run, dataDir, ['PORT', 'CHATAPP_UPSTREAM']);
  });

  test('the --port abc flag is rejected like PORT=abc, even over a valid PORT', async () => {
    const dataDir = untouchedDataDir();
    const run = await runChatapp(['serve', '--port', 'abc'], { PORT: '0', CHATAPP_DATA_DIR: dataDir });
    expectRejected(run, dataDir, ['PORT']);
    expect(run.stderr).toContain('"abc"');
  });
});
