import type { IncomingMessage } from 'node:http';

/** Graph API versions chatapp (and its standalone simulator) answers, as Meta's platform did through 2026. */
export const OLDEST_VERSION = 17;
export const LATEST_VERSION = 25;

const versions = new WeakMap<IncomingMessage, string>();

/**
 * Fastify's `rewriteUrl`: `/v23.0/123/phone_numbers` is routed as `/123/phone_numbers`, and the
 * version is remembered for the request. Unversioned paths are routed as they are.
 */
export function stripGraphVersion(req: IncomingMessage): string {
  const url = req.url ?? '/';
  const match = /^\/(v\d+\.\d+)(?=\/|\?|$)(.*)$/.exec(url);
  if (!match) return url;
  versions.set(req, match[1]!);
  const rest = match[2] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export type GraphVersion = { ok: true; version: number } | { ok: false; requested: string };

/** The version a request asked for; unversioned requests get the latest, as documented in the README. */
export function graphVersionOf(req: IncomingMessage): GraphVersion {
  const requested = versions.get(req);
  if (requested === undefined) return { ok: true, version: LATEST_VERSION };
  const [major, minor] = requested.slice(1).split('.').map(Number);
  if (minor === 0 && major !== undefined && major >= OLDEST_VERSION && major <= LATEST_VERSION) return { ok: true, version: major };
  return { ok: false, requested };
}
