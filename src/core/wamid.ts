import { pooledRandomBytes } from './random.js';

/**
 * Message ids in Meta's shape: `wamid.` and base64. Ours encode the recipient, the time and 10
 * random bytes, so they never collide across processes.
 */
export function newWamid(waId: string, nowMs: number): string {
  const time = Buffer.alloc(6);
  time.writeUIntBE(nowMs, 0, 6);
  return `wamid.${Buffer.concat([Buffer.from(`HBgL${waId}`), time, pooledRandomBytes(10)]).toString('base64')}`;
}

export const isWamid = (value: unknown): value is string => typeof value === 'string' && /^wamid\.[A-Za-z0-9+/=_-]{8,300}$/.test(value);
