import { describe, expect, it } from 'vitest';
import { pooledRandomBytes } from '../../src/core/random.js';

describe('pooled random bytes', () => {
  it('never hands out the same bytes twice, across many refills of the pool', () => {
    // 16 bytes a draw, 20,000 draws: the pool (4 KiB) is refilled about 80 times.
    const draws = Array.from({ length: 20_000 }, () => pooledRandomBytes(16).toString('hex'));
    expect(new Set(draws).size).toBe(draws.length);
    expect(draws.every((d) => d.length === 32)).toBe(true);
  });

  it('gives each caller its own copy, which a later draw does not change', () => {
    const first = pooledRandomBytes(10);
    const kept = Buffer.from(first);
    for (let i = 0; i < 1_000; i++) pooledRandomBytes(10);
    expect(first.equals(kept)).toBe(true);
  });

  it('serves sizes that do not divide the pool, and sizes larger than it', () => {
    const sizes = [1, 7, 10, 24, 4095, 4096, 5000, 65_536];
    for (const size of sizes) expect(pooledRandomBytes(size).length).toBe(size);
    // Large draws are random too: not all zero, not repeating.
    const big = pooledRandomBytes(65_536);
    expect(big.equals(Buffer.alloc(65_536))).toBe(false);
    expect(pooledRandomBytes(65_536).equals(big)).toBe(false);
  });

  it('spreads its bytes evenly (a filled pool, not zeros or a counter)', () => {
    const counts = new Array<number>(256).fill(0);
    // Small draws, so the bytes come from the pool and its refills.
    for (let i = 0; i < 10_240; i++) for (const byte of pooledRandomBytes(10)) counts[byte]! += 1;
    // 400 expected per value; a uniform source stays within ±40 % with overwhelming probability.
    expect(Math.min(...counts)).toBeGreaterThan(240);
    expect(Math.max(...counts)).toBeLessThan(560);
  });
});
