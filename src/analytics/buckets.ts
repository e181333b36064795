import type { MessagingGranularity, PeriodGranularity } from './catalog.js';
import { addDays, firstOfMonth, localDateOf, startOfLocalDay, startOfLocalHour } from './time-zone.js';

/** One data point's time span, unix seconds, end exclusive. */
export interface Bucket {
  readonly start: number;
  readonly end: number;
}

/** Every spelling a query may carry: `analytics` says DAY/MONTH, the others DAILY/MONTHLY; HOUR is the console's. */
export type BucketGranularity = MessagingGranularity | PeriodGranularity | 'HOUR';

const HALF_HOUR = 1800;

/**
 * Splits [start, end) into the buckets Meta reports, in order. Buckets are whole calendar units —
 * half hours, days and months of the WABA's zone — so the first may begin before `start` and the
 * last end after `end`: Meta's points are whole units (template_analytics answers end=1718122745
 * with a point ending 1718150400). `clip` trims the first and last to the range instead.
 * Half hours follow UTC's half hours, which are the zone's own except in :45 zones (Asia/Kathmandu).
 * Days are 23 or 25 hours long across a DST change; months run from the 1st to the 1st.
 */
export function splitBuckets(range: Bucket, options: { granularity: BucketGranularity; timeZone: string; clip?: boolean }): Bucket[] {
  if (!(range.end > range.start)) return [];
  const buckets = calendarBuckets(range, options);
  if (!options.clip) return buckets;
  return buckets.map((b) => ({ start: Math.max(b.start, range.start), end: Math.min(b.end, range.end) }));
}

function calendarBuckets(range: Bucket, options: { granularity: BucketGranularity; timeZone: string }): Bucket[] {
  const { timeZone } = options;
  const buckets: Bucket[] = [];
  switch (options.granularity) {
    case 'HALF_HOUR':
      for (let start = Math.floor(range.start / HALF_HOUR) * HALF_HOUR; start < range.end; start += HALF_HOUR) {
        buckets.push({ start, end: start + HALF_HOUR });
      }
      return buckets;
    case 'HOUR':
      // Re-floored each step, so an hour that a DST change lengthens or shortens still ends on a local hour.
      for (let start = startOfLocalHour(range.start, timeZone); start < range.end; ) {
        const end = startOfLocalHour(start + 3600, timeZone);
        buckets.push({ start, end });
        start = end;
      }
      return buckets;
    case 'DAY':
    case 'DAILY': {
      let date = localDateOf(range.start, timeZone);
      for (let start = startOfLocalDay(date, timeZone); start < range.end; ) {
        date = addDays(date, 1);
        const end = startOfLocalDay(date, timeZone);
        buckets.push({ start, end });
        start = end;
      }
      return buckets;
    }
    case 'MONTH':
    case 'MONTHLY': {
      let date = firstOfMonth(localDateOf(range.start, timeZone));
      for (let start = startOfLocalDay(date, timeZone); start < range.end; ) {
        date = firstOfMonth(date, 1);
        const end = startOfLocalDay(date, timeZone);
        buckets.push({ start, end });
        start = end;
      }
      return buckets;
    }
    default: {
      const never: never = options.granularity;
      throw new RangeError(`unknown granularity ${String(never)}`);
    }
  }
}

/** The index of the bucket holding instant `at` (unix seconds), or -1 outside them all. */
export function bucketIndex(buckets: readonly Bucket[], at: number): number {
  let low = 0;
  let high = buckets.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const bucket = buckets[mid] as Bucket;
    if (at < bucket.start) high = mid - 1;
    else if (at >= bucket.end) low = mid + 1;
    else return mid;
  }
  return -1;
}
