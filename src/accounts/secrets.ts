import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

// scrypt with N=2^15, r=8, p=1: about 32 MiB and tens of milliseconds per hash on this machine.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/**
 * Tokens and session ids carry 256 random bits, so a fast hash is enough to store them: nothing
 * can be guessed from it, and lookups by hash stay one index probe.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Access tokens start like Meta's system-user tokens (`EAA…`) so tools that sniff them still work. */
export const newAccessToken = (): string => `EAAC${randomBytes(32).toString('base64url')}`;
export const newSessionId = (): string => randomBytes(32).toString('base64url');
export const newCsrfToken = (): string => randomBytes(24).toString('base64url');
export const newVerifyToken = (): string => randomBytes(18).toString('base64url');
export const newPassword = (): string => randomBytes(12).toString('base64url');
