import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A link that names one numeric id until a time, signed with a secret only its issuer holds: a
 * media download URL (chatapp's, and the simulator's own, each with its own secret). The query
 * is all there is to it; whoever presents a valid one within its time gets what it names.
 */
export interface SignedLink {
  readonly mid: string;
  /** Unix seconds. */
  readonly exp: string;
  readonly sig: string;
}

const signature = (secret: string, mid: string, exp: string): string => createHmac('sha256', secret).update(`${mid}.${exp}`).digest('base64url');

export function signLink(secret: string, mid: string, expiresAt: number): SignedLink {
  const exp = String(Math.floor(expiresAt / 1000));
  return { mid, exp, sig: signature(secret, mid, exp) };
}

/** Whether a link's query was signed with `secret` and is still valid at `now`. */
export function verifyLink(secret: string, query: Partial<Record<keyof SignedLink, unknown>>, now: number): query is SignedLink {
  const { mid, exp, sig } = query;
  if (typeof mid !== 'string' || typeof exp !== 'string' || typeof sig !== 'string') return false;
  if (!/^\d{1,32}$/.test(mid) || !/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
  const expected = Buffer.from(signature(secret, mid, exp));
  if (!timingSafeEqual(expected, Buffer.from(sig))) return false;
  return now <= Number(exp) * 1000;
}
