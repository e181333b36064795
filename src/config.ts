import path from 'node:path';
import { LATEST_VERSION, OLDEST_VERSION } from './core/graph-version.js';

/**
 * Configuration: environment variables, each overridable by the matching CLI flag, validated once
 * at start into one frozen object. Every problem is reported at once, each on one line naming the
 * variable and what it expects.
 */
export type UpstreamKind = 'simulator' | 'meta-cloud';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type ProcessRole = 'all' | 'api' | 'worker';

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Absent: a SQLite file in the data dir. */
  readonly databaseUrl: string | undefined;
  readonly upstream: UpstreamKind;
  /** The address businesses and browsers use to reach this install (links, media URLs, paging); absent: the request's own Host. */
  readonly publicUrl: string | undefined;
  readonly logLevel: LogLevel;
  readonly role: ProcessRole;
  /** How fast simulated phones deliver and read and reviews decide (milliseconds on the sandbox clock), and when a number earns HIGH throughput. */
  readonly simulator: { readonly deliveryMs: number; readonly readMs: number; readonly reviewMs: number; readonly throughputUsers: number };
  /** Sends are refused with 130429 once a number's paced schedule runs this far ahead of now. */
  readonly backlogMs: number;
  /** Meta's app and Graph API, with `CHATAPP_UPSTREAM=meta-cloud` only. */
  readonly meta: MetaCloudConfig | undefined;
  /** The key that seals secrets at rest (base64 of 32 bytes); absent: a generated key file in the data dir. */
  readonly secretKey: Buffer | undefined;
}

/** chatapp as a Meta app on graph.facebook.com (README, "Running on Meta's Cloud API"). */
export interface MetaCloudConfig {
  /** Without a trailing slash, e.g. `https://graph.facebook.com`. */
  readonly graphUrl: string;
  /** e.g. `v25.0`. */
  readonly graphVersion: string;
  readonly appId: string;
  readonly appSecret: string;
  /** What Meta's handshake on `/meta/webhook` must echo. */
  readonly verifyToken: string;
  /** Where Meta posts the app's webhooks: `<CHATAPP_PUBLIC_URL>/meta/webhook`. */
  readonly callbackUrl: string;
}

interface Setting {
  readonly env: string;
  readonly flag: string;
  readonly description: string;
  readonly fallback: string;
}

/** The table the README documents; `chatapp --help` prints it too. */
export const settings: readonly Setting[] = [
  { env: 'PORT', flag: '--port', description: 'TCP port the HTTP server listens on', fallback: '8080' },
  { env: 'HOST', flag: '--host', description: 'interface to listen on', fallback: '127.0.0.1' },
  { env: 'CHATAPP_DATA_DIR', flag: '--data-dir', description: 'directory for the SQLite file, media and demo credentials', fallback: './data' },
  { env: 'DATABASE_URL', flag: '--database-url', description: 'absent: SQLite in the data dir; postgres://… : PostgreSQL', fallback: '' },
  { env: 'CHATAPP_UPSTREAM', flag: '--upstream', description: '`simulator` (embedded sandbox) or `meta-cloud`', fallback: 'simulator' },
  { env: 'CHATAPP_PUBLIC_URL', flag: '--public-url', description: 'external base URL (links, media URLs, paging)', fallback: 'the address each request came to' },
  { env: 'LOG_LEVEL', flag: '--log-level', description: 'fatal, error, warn, info, debug, trace or silent', fallback: 'info' },
  { env: 'CHATAPP_ROLE', flag: '--role', description: '`all` (API and workers), `api` or `worker`', fallback: 'all' },
  { env: 'CHATAPP_SIM_DELIVERY_MS', flag: '--sim-delivery-ms', description: 'simulated phones deliver this many ms after a message is sent', fallback: '800' },
  { env: 'CHATAPP_SIM_READ_MS', flag: '--sim-read-ms', description: 'simulated users read this many ms after delivery', fallback: '2500' },
  { env: 'CHATAPP_BACKLOG_SECONDS', flag: '--backlog-seconds', description: 'a number whose paced sends already reach this far ahead answers new sends with 130429', fallback: '3600' },
  { env: 'CHATAPP_SIM_THROUGHPUT_USERS', flag: '--sim-throughput-users', description: 'unique users a number must reach in a day (on the unlimited tier) before the simulator upgrades it to 1,000 messages a second', fallback: '100000' },
  { env: 'CHATAPP_META_GRAPH_URL', flag: '--meta-graph-url', description: 'meta-cloud: the Graph API to call', fallback: 'https://graph.facebook.com' },
  { env: 'CHATAPP_META_GRAPH_VERSION', flag: '--meta-graph-version', description: `meta-cloud: the Graph API version to call, v${OLDEST_VERSION}.0 to v${LATEST_VERSION}.0`, fallback: `v${LATEST_VERSION}.0` },
  { env: 'CHATAPP_META_APP_ID', flag: '--meta-app-id', description: 'meta-cloud: your Meta app’s id (required)', fallback: '' },
  { env: 'CHATAPP_META_APP_SECRET', flag: '--meta-app-secret', description: 'meta-cloud: your Meta app’s secret (required; checks webhook signatures)', fallback: '' },
  { env: 'CHATAPP_META_VERIFY_TOKEN', flag: '--meta-verify-token', description: 'meta-cloud: the verify token Meta’s webhook handshake must echo (required)', fallback: '' },
  { env: 'CHATAPP_SECRET_KEY', flag: '--secret-key', description: 'base64 of 32 bytes that seals secrets at rest (business tokens)', fallback: 'a generated key file, <data dir>/secret.key (0600)' },
  { env: 'CHATAPP_SIM_REVIEW_MS', flag: '--sim-review-ms', description: 'the simulated reviewer decides on a template this many ms (sandbox clock) after it is submitted', fallback: '10000' },
];

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const ROLES: readonly ProcessRole[] = ['all', 'api', 'worker'];
const UPSTREAMS: readonly UpstreamKind[] = ['simulator', 'meta-cloud'];

/** Reads `env` and `flags` (flags win) and returns a valid Config or throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv, flags: Readonly<Record<string, string | undefined>> = {}): Config {
  const problems: string[] = [];
  const raw = (s: Setting): string | undefined => {
    const value = flags[s.flag.slice(2)] ?? env[s.env];
    return value === undefined || value === '' ? undefined : value;
  };
  const byEnv = (name: string): Setting => settings.find((s) => s.env === name)!;
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T => {
    const s = byEnv(name);
    const value = raw(s) ?? s.fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return s.fallback as T;
  };

  const portText = raw(byEnv('PORT')) ?? '8080';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) problems.push(`PORT must be an integer from 0 to 65535 (got "${portText}")`);

  const host = raw(byEnv('HOST')) ?? '127.0.0.1';
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(host)) problems.push(`HOST must be a host name or IP address (got "${host}")`);

  const dataDir = path.resolve(raw(byEnv('CHATAPP_DATA_DIR')) ?? './data');

  const databaseUrl = raw(byEnv('DATABASE_URL'));
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/[^\s]+$/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL, or unset for SQLite in the data dir');
  }

  const upstream = oneOf('CHATAPP_UPSTREAM', UPSTREAMS);
  const logLevel = oneOf('LOG_LEVEL', LOG_LEVELS);
  const role = oneOf('CHATAPP_ROLE', ROLES);

  const whole = (name: string, unit = 'milliseconds'): number => {
    const s = byEnv(name);
    const text = raw(s) ?? s.fallback;
    const value = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(value)) problems.push(`${name} must be a whole number of ${unit} (got "${text}")`);
    return Number.isNaN(value) ? Number(s.fallback) : value;
  };
  const simulator = Object.freeze({
    deliveryMs: whole('CHATAPP_SIM_DELIVERY_MS'),
    readMs: whole('CHATAPP_SIM_READ_MS'),
    reviewMs: whole('CHATAPP_SIM_REVIEW_MS'),
    throughputUsers: whole('CHATAPP_SIM_THROUGHPUT_USERS', 'users'),
  });
  const backlogSetting = byEnv('CHATAPP_BACKLOG_SECONDS');
  const backlogText = raw(backlogSetting) ?? backlogSetting.fallback;
  if (!/^\d{1,7}$/.test(backlogText) || Number(backlogText) === 0) problems.push(`CHATAPP_BACKLOG_SECONDS must be a whole number of seconds above 0 (got "${backlogText}")`);
  const backlogMs = (/^\d{1,7}$/.test(backlogText) && Number(backlogText) > 0 ? Number(backlogText) : Number(backlogSetting.fallback)) * 1000;

  const publicText = raw(byEnv('CHATAPP_PUBLIC_URL'));
  let publicUrl: string | undefined;
  if (publicText !== undefined) {
    if (isHttpUrl(publicText)) publicUrl = publicText.replace(/\/+$/, '');
    else problems.push(`CHATAPP_PUBLIC_URL must be an absolute http:// or https:// URL (got "${publicText}")`);
  }

  const meta = upstream === 'meta-cloud' ? metaCloudConfig(raw, byEnv, publicUrl, problems) : undefined;

  const keyText = raw(byEnv('CHATAPP_SECRET_KEY'));
  const secretKey = keyText === undefined ? undefined : Buffer.from(keyText, 'base64');
  if (secretKey !== undefined && (secretKey.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(keyText!))) problems.push('CHATAPP_SECRET_KEY must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)');

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ port, host, dataDir, databaseUrl, upstream, publicUrl, logLevel, role, simulator, backlogMs, meta, secretKey });
}

/** The meta-cloud settings, each problem named on one line. */
function metaCloudConfig(
  raw: (s: Setting) => string | undefined,
  byEnv: (name: string) => Setting,
  publicUrl: string | undefined,
  problems: string[],
): MetaCloudConfig {
  const graphText = raw(byEnv('CHATAPP_META_GRAPH_URL')) ?? byEnv('CHATAPP_META_GRAPH_URL').fallback;
  if (!isHttpUrl(graphText)) problems.push(`CHATAPP_META_GRAPH_URL must be an absolute http:// or https:// URL (got "${graphText}")`);
  const graphVersion = raw(byEnv('CHATAPP_META_GRAPH_VERSION')) ?? byEnv('CHATAPP_META_GRAPH_VERSION').fallback;
  const major = /^v(\d+)\.0$/.exec(graphVersion)?.[1];
  if (major === undefined || Number(major) < OLDEST_VERSION || Number(major) > LATEST_VERSION) {
    problems.push(`CHATAPP_META_GRAPH_VERSION must be v${OLDEST_VERSION}.0 to v${LATEST_VERSION}.0 (got "${graphVersion}")`);
  }
  const appId = raw(byEnv('CHATAPP_META_APP_ID')) ?? '';
  if (!/^\d{1,20}$/.test(appId)) problems.push(`CHATAPP_META_APP_ID must be your Meta app's numeric id (${appId === '' ? 'unset' : `got "${appId}"`}); CHATAPP_UPSTREAM=meta-cloud needs it`);
  const appSecret = raw(byEnv('CHATAPP_META_APP_SECRET')) ?? '';
  if (appSecret.length < 8) problems.push('CHATAPP_META_APP_SECRET must be your Meta app’s secret (App settings › Basic); CHATAPP_UPSTREAM=meta-cloud needs it');
  const verifyToken = raw(byEnv('CHATAPP_META_VERIFY_TOKEN')) ?? '';
  if (verifyToken.length < 8) problems.push('CHATAPP_META_VERIFY_TOKEN must be a string of at least 8 characters that Meta’s webhook handshake echoes; CHATAPP_UPSTREAM=meta-cloud needs it');
  if (publicUrl === undefined) problems.push('CHATAPP_PUBLIC_URL must be set with CHATAPP_UPSTREAM=meta-cloud: Meta posts webhooks to <CHATAPP_PUBLIC_URL>/meta/webhook');
  return Object.freeze({
    graphUrl: graphText.replace(/\/+$/, ''),
    graphVersion,
    appId,
    appSecret,
    verifyToken,
    callbackUrl: `${publicUrl ?? ''}/meta/webhook`,
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
