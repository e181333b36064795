import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let offset = POOL_BYTES;

/**
 * `size` bytes from the system's CSPRNG, drawn from a pool that is refilled 4 KiB at a time.
 * `randomBytes` asks the CSPRNG on every call, which costs several microseconds under load: that
 * was a tenth of the accept path's CPU when every send takes a wamid (Node pools `randomUUID` the same way).
 * Each call gets a copy, and no byte is handed out twice.
 */
export function pooledRandomBytes(size: number): Buffer {
  if (size > POOL_BYTES) return randomFillSync(Buffer.allocUnsafe(size));
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool);
    offset = 0;
  }
  const bytes = Buffer.allocUnsafe(size);
  pool.copy(bytes, 0, offset, offset + size);
  offset += size;
  return bytes;
}
