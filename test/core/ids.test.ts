import { describe, expect, it } from 'vitest';
import { isGraphId, newGraphId, newIntegerGraphId } from '../../src/core/ids.js';
import type { Clock } from '../../src/core/clock.js';

const stopped = (at: number): Clock => ({ now: () => at }) as Clock;

describe('Graph ids', () => {
  it('never repeat and keep their order when the clock does not move', () => {
    const clock = stopped(1_790_000_000_000);
    const ids = Array.from({ length: 150_000 }, () => newGraphId(clock));
    expect(new Set(ids).size).toBe(ids.length);
    const outOfOrder = ids.findIndex((id, i) => i > 0 && !(BigInt(id) > BigInt(ids[i - 1]!)));
    expect(outOfOrder).toBe(-1);
    expect(ids.every(isGraphId)).toBe(true);
  });

  it('follow the clock when it moves on', () => {
    const first = newGraphId(stopped(1_800_000_000_000));
    const later = newGraphId(stopped(1_800_000_005_000));
    expect(later.startsWith('1800000005000')).toBe(true);
    expect(BigInt(later) > BigInt(first)).toBe(true);
  });

  it('stay safe integers when a webhook carries them as JSON numbers, without repeating', () => {
    const clock = stopped(1_790_000_000_123);
    const ids = Array.from({ length: 20_000 }, () => newIntegerGraphId(clock));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.length === 16 && Number.isSafeInteger(Number(id)) && String(Number(id)) === id)).toBe(true);
    expect(ids[0]!.startsWith('1790000000')).toBe(true);
  });
});
