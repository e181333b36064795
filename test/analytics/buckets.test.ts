import { describe, expect, it } from 'vitest';
import { bucketIndex, splitBuckets, type Bucket } from '../../src/analytics/buckets.js';

/** Unix seconds of an ISO time written with its offset, so expectations never go through the code under test. */
const at = (iso: string): number => Date.parse(iso) / 1000;
const hours = (buckets: Bucket[]): number[] => buckets.map((b) => (b.end - b.start) / 3600);

describe('splitBuckets', () => {
  it('gives the DAILY points of Meta\'s pricing example: Los Angeles midnights, 07:00 UTC in June', () => {
    const buckets = splitBuckets({ start: 1748761200, end: 1749687703 }, { granularity: 'DAILY', timeZone: 'America/Los_Angeles' });
    expect(buckets.slice(0, 3)).toEqual([
      { start: 1748761200, end: 1748847600 },
      { start: 1748847600, end: 1748934000 },
      { start: 1748934000, end: 1749020400 },
    ]);
    expect(buckets).toHaveLength(11);
    expect(buckets.at(-1)?.end).toBe(at('2025-06-12T00:00:00-07:00'));
  });

  it('gives the MONTHLY point of Meta\'s conversation example: June 2023 in Los Angeles', () => {
    expect(splitBuckets({ start: 1685602800, end: 1688194800 }, { granularity: 'MONTHLY', timeZone: 'America/Los_Angeles' })).toEqual([{ start: 1685602800, end: 1688194800 }]);
  });

  it('makes the day clocks spring forward 23 hours and the day they fall back 25, in New York', () => {
    const spring = splitBuckets({ start: at('2026-03-07T00:00:00-05:00'), end: at('2026-03-10T00:00:00-04:00') }, { granularity: 'DAY', timeZone: 'America/New_York' });
    expect(spring.map((b) => b.start)).toEqual([at('2026-03-07T00:00:00-05:00'), at('2026-03-08T00:00:00-05:00'), at('2026-03-09T00:00:00-04:00')]);
    expect(hours(spring)).toEqual([24, 23, 24]);
    const autumn = splitBuckets({ start: at('2026-10-31T12:00:00-04:00'), end: at('2026-11-02T00:00:00-05:00') }, { granularity: 'DAILY', timeZone: 'America/New_York' });
    expect(autumn).toEqual([
      { start: at('2026-10-31T00:00:00-04:00'), end: at('2026-11-01T00:00:00-04:00') },
      { start: at('2026-11-01T00:00:00-04:00'), end: at('2026-11-02T00:00:00-05:00') },
    ]);
    expect(hours(autumn)).toEqual([24, 25]);
  });

  it('starts a day whose midnight is skipped by DST at the jump, 01:00, in Santiago', () => {
    // Chile moves from -04 to -03 at 24:00 on Saturday 5 September 2026: Sunday has no 00:00.
    const buckets = splitBuckets({ start: at('2026-09-05T12:00:00-04:00'), end: at('2026-09-07T00:00:00-03:00') }, { granularity: 'DAILY', timeZone: 'America/Santiago' });
    expect(buckets).toEqual([
      { start: at('2026-09-05T00:00:00-04:00'), end: at('2026-09-06T01:00:00-03:00') },
      { start: at('2026-09-06T01:00:00-03:00'), end: at('2026-09-07T00:00:00-03:00') },
    ]);
    expect(hours(buckets)).toEqual([24, 23]);
  });

  it('counts days from the half-hour offset midnight of Kolkata', () => {
    const buckets = splitBuckets({ start: at('2026-01-01T00:00:00Z'), end: at('2026-01-02T00:00:00Z') }, { granularity: 'DAY', timeZone: 'Asia/Kolkata' });
    expect(buckets.map((b) => b.start)).toEqual([at('2026-01-01T00:00:00+05:30'), at('2026-01-02T00:00:00+05:30')]);
  });

  it('runs months from the 1st to the 1st across month ends of 31, 28 and 30 days, in Sao Paulo', () => {
    const buckets = splitBuckets({ start: at('2026-01-31T23:00:00-03:00'), end: at('2026-04-15T00:00:00-03:00') }, { granularity: 'MONTH', timeZone: 'America/Sao_Paulo' });
    expect(buckets).toEqual([
      { start: at('2026-01-01T00:00:00-03:00'), end: at('2026-02-01T00:00:00-03:00') },
      { start: at('2026-02-01T00:00:00-03:00'), end: at('2026-03-01T00:00:00-03:00') },
      { start: at('2026-03-01T00:00:00-03:00'), end: at('2026-04-01T00:00:00-03:00') },
      { start: at('2026-04-01T00:00:00-03:00'), end: at('2026-05-01T00:00:00-03:00') },
    ]);
    expect(hours(buckets)).toEqual([31 * 24, 28 * 24, 31 * 24, 30 * 24]);
  });

  it('gives February 29 days in a leap year and a month with a DST change one hour less, in London', () => {
    const leap = splitBuckets({ start: at('2028-02-10T00:00:00Z'), end: at('2028-02-20T00:00:00Z') }, { granularity: 'MONTHLY', timeZone: 'Europe/London' });
    expect(hours(leap)).toEqual([29 * 24]);
    const march = splitBuckets({ start: at('2026-03-15T00:00:00Z'), end: at('2026-04-15T00:00:00+01:00') }, { granularity: 'MONTHLY', timeZone: 'Europe/London' });
    expect(march).toEqual([
      { start: at('2026-03-01T00:00:00Z'), end: at('2026-04-01T00:00:00+01:00') },
      { start: at('2026-04-01T00:00:00+01:00'), end: at('2026-05-01T00:00:00+01:00') },
    ]);
    expect(hours(march)).toEqual([31 * 24 - 1, 30 * 24]);
  });

  it('cuts half hours on the clock, covering an unaligned range whole', () => {
    const buckets = splitBuckets({ start: at('2026-06-01T10:10:00Z'), end: at('2026-06-01T11:05:00Z') }, { granularity: 'HALF_HOUR', timeZone: 'America/New_York' });
    expect(buckets.map((b) => b.start)).toEqual([at('2026-06-01T10:00:00Z'), at('2026-06-01T10:30:00Z'), at('2026-06-01T11:00:00Z')]);
  });

  it('clips the first and last bucket to the range when asked', () => {
    const buckets = splitBuckets({ start: at('2026-06-01T10:10:00Z'), end: at('2026-06-01T11:05:00Z') }, { granularity: 'HALF_HOUR', timeZone: 'UTC', clip: true });
    expect(buckets).toEqual([
      { start: at('2026-06-01T10:10:00Z'), end: at('2026-06-01T10:30:00Z') },
      { start: at('2026-06-01T10:30:00Z'), end: at('2026-06-01T11:00:00Z') },
      { start: at('2026-06-01T11:00:00Z'), end: at('2026-06-01T11:05:00Z') },
    ]);
  });

  it('gives no buckets for an empty range', () => {
    expect(splitBuckets({ start: 100, end: 100 }, { granularity: 'DAY', timeZone: 'UTC' })).toEqual([]);
  });
});

describe('bucketIndex', () => {
  it('finds the bucket holding an instant, ends exclusive, and -1 outside them all', () => {
    const buckets = splitBuckets({ start: at('2026-03-07T00:00:00-05:00'), end: at('2026-03-10T00:00:00-04:00') }, { granularity: 'DAY', timeZone: 'America/New_York' });
    expect(bucketIndex(buckets, at('2026-03-08T23:30:00-04:00'))).toBe(1);
    expect(bucketIndex(buckets, at('2026-03-09T00:00:00-04:00'))).toBe(2);
    expect(bucketIndex(buckets, at('2026-03-06T23:59:59-05:00'))).toBe(-1);
    expect(bucketIndex(buckets, at('2026-03-10T00:00:00-04:00'))).toBe(-1);
  });
});
