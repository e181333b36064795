import { invalidParameter } from '../core/graph-errors.js';
import { splitBuckets, type Bucket } from './buckets.js';
import { addDays, isTimeZone, localMinuteOf, parseLocalDate, startOfLocalDay } from './time-zone.js';

/**
 * The parameters every console dashboard takes: `from` and `to` as dates (`2026-11-01`, the `to`
 * day included, days of `tz`), instants (`2026-11-01T09:30:00Z`) or unix seconds (`to` excluded);
 * `granularity` hour, day or month; `tz` an IANA zone, else the WABA's, else UTC.
 */
export const CONSOLE_GRANULARITIES = ['hour', 'day', 'month'] as const;
export type ConsoleGranularity = (typeof CONSOLE_GRANULARITIES)[number];

/** A dashboard of a year by hour is 8,760 rows; past this a chart says nothing a coarser one does not. */
export const MAX_BUCKETS = 10_000;

export interface ConsoleRange {
  readonly from: number;
  readonly to: number;
  readonly granularity: ConsoleGranularity;
  readonly timeZone: string;
  readonly buckets: readonly Bucket[];
}

export interface RawConsoleQuery {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly granularity?: string | undefined;
  readonly tz?: string | undefined;
}

export function parseConsoleRange(raw: RawConsoleQuery, options: { defaultTimeZone: string }): ConsoleRange {
  const timeZone = raw.tz?.trim() || options.defaultTimeZone;
  if (!isTimeZone(timeZone)) throw invalidParameter(`tz: "${timeZone}" is not an IANA time zone such as Europe/Lisbon`);
  const granularity = (raw.granularity?.trim().toLowerCase() || 'day') as ConsoleGranularity;
  if (!CONSOLE_GRANULARITIES.includes(granularity)) throw invalidParameter(`granularity: "${raw.granularity}" is not one of ${CONSOLE_GRANULARITIES.join(', ')}`);
  const from = instant(raw.from, { name: 'from', timeZone, endOfDay: false });
  const to = instant(raw.to, { name: 'to', timeZone, endOfDay: true });
  if (to <= from) throw invalidParameter(`to: ${raw.to} is not after from ${raw.from}`);
  const buckets = splitBuckets({ start: from, end: to }, { granularity: ({ hour: 'HOUR', day: 'DAY', month: 'MONTH' } as const)[granularity], timeZone, clip: true });
  if (buckets.length > MAX_BUCKETS) {
    throw invalidParameter(`granularity: ${granularity} from ${raw.from} to ${raw.to} makes ${buckets.length} rows; at most ${MAX_BUCKETS}, choose a coarser granularity or a shorter range`);
  }
  return { from, to, granularity, timeZone, buckets };
}

/** A bucket's local label: `2026-11-26T14:00` by hour, `2026-11-26` by day, `2026-11` by month. */
export function bucketLabel(bucket: Bucket, range: Pick<ConsoleRange, 'granularity' | 'timeZone'>): string {
  const minute = localMinuteOf(bucket.start, range.timeZone);
  return range.granularity === 'hour' ? minute : minute.slice(0, range.granularity === 'day' ? 10 : 7);
}

function instant(text: string | undefined, options: { name: string; timeZone: string; endOfDay: boolean }): number {
  const { name } = options;
  const value = text?.trim() ?? '';
  if (value === '') throw invalidParameter(`${name}: is required (a date YYYY-MM-DD, an ISO 8601 instant or unix seconds)`);
  if (/^\d+$/.test(value)) return Number(value);
  const date = parseLocalDate(value);
  if (date) return startOfLocalDay(options.endOfDay ? addDays(date, 1) : date, options.timeZone);
  // Only full instants with a zone: a bare local time would be read in the server's zone.
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalidParameter(`${name}: "${value}" is neither a date YYYY-MM-DD, an ISO 8601 instant with a zone, nor unix seconds`);
  return Math.floor(ms / 1000);
}
