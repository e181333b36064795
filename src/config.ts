import path from 'node:path';

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

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({ port, host, dataDir, databaseUrl, upstream, publicUrl, logLevel, role, simulator, backlogMs });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
