import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ConfigError, loadConfig, settings, type Config } from '../../src/config.js';

/** The problems `loadConfig` reports for `env` and `flags`, or a failure if it accepts them. */
function problemsOf(env: NodeJS.ProcessEnv, flags: Record<string, string | undefined> = {}): readonly string[] {
  try {
    loadConfig(env, flags);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify({ env, flags })}`);
}

const KEY = Buffer.alloc(32, 7).toString('base64');

describe('loadConfig', () => {
  test('with nothing set, every setting takes its documented default', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      upstream: 'simulator',
      publicUrl: undefined,
      logLevel: 'info',
      role: 'all',
      simulator: { deliveryMs: 800, readMs: 2500, reviewMs: 10_000, throughputUsers: 100_000 },
      backlogMs: 3_600_000,
      meta: undefined,
      secretKey: undefined,
    } satisfies Config);
  });

  test('an empty environment variable counts as unset', () => {
    const env = Object.fromEntries(settings.map((s) => [s.env, '']));
    expect(loadConfig(env)).toEqual(loadConfig({}));
  });

  test('reads every setting from its environment variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      CHATAPP_DATA_DIR: '/var/lib/chatapp',
      DATABASE_URL: 'postgres://chatapp@db:5432/chatapp',
      CHATAPP_UPSTREAM: 'meta-cloud',
      CHATAPP_PUBLIC_URL: 'https://chat.example.com',
      LOG_LEVEL: 'debug',
      CHATAPP_ROLE: 'worker',
      CHATAPP_SIM_DELIVERY_MS: '10',
      CHATAPP_SIM_READ_MS: '20',
      CHATAPP_SIM_REVIEW_MS: '30',
      CHATAPP_SIM_THROUGHPUT_USERS: '7',
      CHATAPP_BACKLOG_SECONDS: '60',
      CHATAPP_META_GRAPH_URL: 'http://127.0.0.1:4000/',
      CHATAPP_META_GRAPH_VERSION: 'v23.0',
      CHATAPP_META_APP_ID: '1234567890',
      CHATAPP_META_APP_SECRET: 'app-secret-123',
      CHATAPP_META_VERIFY_TOKEN: 'verify-me-please',
      CHATAPP_SECRET_KEY: KEY,
    });
    expect(config).toEqual({
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/chatapp',
      databaseUrl: 'postgres://chatapp@db:5432/chatapp',
      upstream: 'meta-cloud',
      publicUrl: 'https://chat.example.com',
      logLevel: 'debug',
      role: 'worker',
      simulator: { deliveryMs: 10, readMs: 20, reviewMs: 30, throughputUsers: 7 },
      backlogMs: 60_000,
      meta: {
        graphUrl: 'http://127.0.0.1:4000',
        graphVersion: 'v23.0',
        appId: '1234567890',
        appSecret: 'app-secret-123',
        verifyToken: 'verify-me-please',
        callbackUrl: 'https://chat.example.com/meta/webhook',
      },
      secretKey: Buffer.from(KEY, 'base64'),
    });
  });

  test('every flag overrides its environment variable', () => {
    const env = {
      PORT: '9000',
      HOST: '0.0.0.0',
      CHATAPP_DATA_DIR: '/from/env',
      DATABASE_URL: 'postgres://env@db/env',
      CHATAPP_UPSTREAM: 'meta-cloud',
      CHATAPP_PUBLIC_URL: 'https://env.example.com',
      LOG_LEVEL: 'debug',
      CHATAPP_ROLE: 'worker',
      CHATAPP_SIM_DELIVERY_MS: '10',
      CHATAPP_SIM_READ_MS: '20',
      CHATAPP_SIM_REVIEW_MS: '30',
      CHATAPP_SIM_THROUGHPUT_USERS: '7',
      CHATAPP_BACKLOG_SECONDS: '60',
      CHATAPP_META_APP_ID: '1',
    };
    const flags = {
      port: '9100',
      host: 'localhost',
      'data-dir': '/from/flag',
      'database-url': 'postgresql://flag@db/flag',
      upstream: 'simulator',
      'public-url': 'https://flag.example.com',
      'log-level': 'error',
      role: 'api',
      'sim-delivery-ms': '30',
      'sim-read-ms': '40',
      'sim-review-ms': '50',
      'sim-throughput-users': '9',
      'backlog-seconds': '90',
      'meta-graph-url': 'https://graph.example.com',
      'meta-graph-version': 'v24.0',
      'meta-app-id': '42',
      'meta-app-secret': 'flag-secret',
      'meta-verify-token': 'flag-verify',
      'secret-key': KEY,
    };
    expect(Object.keys(flags).sort()).toEqual(settings.map((s) => s.flag.slice(2)).sort());
    expect(loadConfig(env, flags)).toEqual({
      port: 9100,
      host: 'localhost',
      dataDir: '/from/flag',
      databaseUrl: 'postgresql://flag@db/flag',
      upstream: 'simulator',
      publicUrl: 'https://flag.example.com',
      logLevel: 'error',
      role: 'api',
      simulator: { deliveryMs: 30, readMs: 40, reviewMs: 50, throughputUsers: 9 },
      backlogMs: 90_000,
      // The flags chose the simulator: the meta-cloud settings are checked and kept only for meta-cloud.
      meta: undefined,
      secretKey: Buffer.from(KEY, 'base64'),
    });
    expect(loadConfig({ ...env, CHATAPP_UPSTREAM: 'simulator' }, { ...flags, upstream: 'meta-cloud' }).meta).toEqual({
      graphUrl: 'https://graph.example.com',
      graphVersion: 'v24.0',
      appId: '42',
      appSecret: 'flag-secret',
      verifyToken: 'flag-verify',
      callbackUrl: 'https://flag.example.com/meta/webhook',
    });
  });

  test('meta-cloud names each missing or bad setting on a line of its own', () => {
    expect(problemsOf({ CHATAPP_UPSTREAM: 'meta-cloud' })).toEqual([
      "CHATAPP_META_APP_ID must be your Meta app's numeric id (unset); CHATAPP_UPSTREAM=meta-cloud needs it",
      'CHATAPP_META_APP_SECRET must be your Meta app’s secret (App settings › Basic); CHATAPP_UPSTREAM=meta-cloud needs it',
      'CHATAPP_META_VERIFY_TOKEN must be a string of at least 8 characters that Meta’s webhook handshake echoes; CHATAPP_UPSTREAM=meta-cloud needs it',
      'CHATAPP_PUBLIC_URL must be set with CHATAPP_UPSTREAM=meta-cloud: Meta posts webhooks to <CHATAPP_PUBLIC_URL>/meta/webhook',
    ]);
    const good = { CHATAPP_UPSTREAM: 'meta-cloud', CHATAPP_META_APP_ID: '1', CHATAPP_META_APP_SECRET: 'secret-secret', CHATAPP_META_VERIFY_TOKEN: 'verify-verify', CHATAPP_PUBLIC_URL: 'https://chat.example.com' };
    expect(loadConfig(good).meta).toMatchObject({ graphUrl: 'https://graph.facebook.com', graphVersion: 'v25.0' });
    expect(problemsOf({ ...good, CHATAPP_META_GRAPH_VERSION: 'v16.0', CHATAPP_META_GRAPH_URL: 'graph.facebook.com' })).toEqual([
      'CHATAPP_META_GRAPH_URL must be an absolute http:// or https:// URL (got "graph.facebook.com")',
      'CHATAPP_META_GRAPH_VERSION must be v17.0 to v25.0 (got "v16.0")',
    ]);
    expect(problemsOf({ CHATAPP_SECRET_KEY: 'c2hvcnQ=' })).toEqual(['CHATAPP_SECRET_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)']);
  });

  test('a flag left undefined falls back to the environment variable', () => {
    expect(loadConfig({ PORT: '9000' }, { port: undefined }).port).toBe(9000);
  });

  test('a valid flag replaces a bad environment value, and a bad flag is rejected over a valid one', () => {
    expect(loadConfig({ PORT: 'abc' }, { port: '9000' }).port).toBe(9000);
    expect(problemsOf({ PORT: '9000' }, { port: 'abc' })).toEqual(['PORT must be an integer from 0 to 65535 (got "abc")']);
  });

  test('accepts the ends of the port range', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: '65535' }).port).toBe(65535);
  });

  test('accepts both postgres:// and postgresql:// database URLs', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseUrl).toBe('postgres://u@h/db');
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@h:5433/db?sslmode=require' }).databaseUrl).toBe('postgresql://u:p@h:5433/db?sslmode=require');
  });

  test('resolves a relative data dir to an absolute path', () => {
    expect(loadConfig({ CHATAPP_DATA_DIR: 'var/chat' }).dataDir).toBe(path.resolve('var/chat'));
    expect(path.isAbsolute(loadConfig({}).dataDir)).toBe(true);
  });

  test('trims trailing slashes from the public URL', () => {
    expect(loadConfig({ CHATAPP_PUBLIC_URL: 'https://chat.example.com/' }).publicUrl).toBe('https://chat.example.com');
    expect(loadConfig({ CHATAPP_PUBLIC_URL: 'http://example.com/chat//' }).publicUrl).toBe('http://example.com/chat');
    expect(loadConfig({}, { 'public-url': 'https://flag.example.com/' }).publicUrl).toBe('https://flag.example.com');
  });

  test('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(config.port).toBe(8080);
  });

  test.each([
    ['PORT', 'abc', 'PORT must be an integer from 0 to 65535 (got "abc")'],
    ['PORT', '-1', 'PORT must be an integer from 0 to 65535 (got "-1")'],
    ['PORT', '65536', 'PORT must be an integer from 0 to 65535 (got "65536")'],
    ['PORT', '80.5', 'PORT must be an integer from 0 to 65535 (got "80.5")'],
    ['PORT', '0x50', 'PORT must be an integer from 0 to 65535 (got "0x50")'],
    ['HOST', 'bad host!', 'HOST must be a host name or IP address (got "bad host!")'],
    ['DATABASE_URL', 'mysql://x', 'DATABASE_URL must be a postgres:// or postgresql:// URL, or unset for SQLite in the data dir'],
    ['DATABASE_URL', 'postgres://', 'DATABASE_URL must be a postgres:// or postgresql:// URL, or unset for SQLite in the data dir'],
    ['CHATAPP_UPSTREAM', 'bogus', 'CHATAPP_UPSTREAM must be one of simulator, meta-cloud (got "bogus")'],
    ['CHATAPP_PUBLIC_URL', 'chat.example.com', 'CHATAPP_PUBLIC_URL must be an absolute http:// or https:// URL (got "chat.example.com")'],
    ['CHATAPP_PUBLIC_URL', 'ftp://chat.example.com', 'CHATAPP_PUBLIC_URL must be an absolute http:// or https:// URL (got "ftp://chat.example.com")'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
    ['CHATAPP_ROLE', 'boss', 'CHATAPP_ROLE must be one of all, api, worker (got "boss")'],
  ])('rejects %s=%j with one line naming the variable and what it expects', (name, value, problem) => {
    expect(problemsOf({ [name]: value })).toEqual([problem]);
  });

  test('does not echo a rejected DATABASE_URL, which may carry a password', () => {
    const [problem] = problemsOf({ DATABASE_URL: 'mysql://admin:s3cret@db/chat' });
    expect(problem).toContain('DATABASE_URL');
    expect(problem).not.toContain('s3cret');
  });

  test('reports every bad value at once, one line each, in one ConfigError', () => {
    const env = {
      PORT: 'abc',
      HOST: 'bad host!',
      DATABASE_URL: 'mysql://x',
      CHATAPP_UPSTREAM: 'bogus',
      CHATAPP_PUBLIC_URL: 'nope',
      LOG_LEVEL: 'loud',
      CHATAPP_ROLE: 'boss',
    };
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect(caught).toBeInstanceOf(Error);
    const error = caught as ConfigError;
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toHaveLength(Object.keys(env).length);
    for (const name of Object.keys(env)) expect(error.problems.filter((p) => p.startsWith(`${name} `)), name).toHaveLength(1);
    for (const problem of error.problems) expect(problem).not.toContain('\n');
    expect(error.message).toBe(error.problems.join('\n'));
  });

  test('the settings table names each variable and flag once, and each flag is the --kebab form', () => {
    expect(new Set(settings.map((s) => s.env)).size).toBe(settings.length);
    expect(new Set(settings.map((s) => s.flag)).size).toBe(settings.length);
    for (const s of settings) {
      expect(s.flag).toMatch(/^--[a-z]+(-[a-z]+)*$/);
      expect(s.description).not.toBe('');
    }
  });
});
