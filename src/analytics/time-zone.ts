/**
 * Calendar arithmetic in an IANA time zone with nothing but Intl (Node ships full ICU). A WABA's
 * days and months begin at its own midnight: Meta's pricing_analytics example starts its DAILY
 * points at 1748761200, 07:00 UTC, which is midnight in Los Angeles in June (spec §8.4).
 */
export interface LocalDate {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the zone, so a bad WABA time zone is caught where it is configured. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time at an instant in the zone, written as if it were UTC (ms). */
function wallClockMs(ms: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
}

const offsetMs = (ms: number, timeZone: string): number => wallClockMs(ms, timeZone) - ms;

export function localDateOf(unixSeconds: number, timeZone: string): LocalDate {
  return dateOf(new Date(wallClockMs(unixSeconds * 1000, timeZone)));
}

/**
 * The first instant (unix seconds) of a local date. Usually its midnight; when a fall-back repeats
 * midnight, the earlier one; when a spring-forward skips midnight (America/Santiago, Asia/Beirut),
 * the moment the clocks jump, since the day has no midnight at all.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  // A day either side reaches past any offset change near this midnight; zones never change twice in two days.
  const offsets = [...new Set([wall - DAY_MS, wall, wall + DAY_MS].map((ms) => offsetMs(ms, timeZone)))];
  const midnights = offsets.map((offset) => wall - offset).filter((ms) => wallClockMs(ms, timeZone) === wall);
  // In a gap the day begins at the jump, i.e. at midnight under the older, smaller offset.
  const first = midnights.length > 0 ? Math.min(...midnights) : wall - Math.min(...offsets);
  return first / 1000;
}

/**
 * The first instant (unix seconds) of the local hour holding `unixSeconds`: hours of a :30 zone
 * (Asia/Kolkata) begin at half past in UTC, of a :45 zone (Asia/Kathmandu) at a quarter to.
 */
export function startOfLocalHour(unixSeconds: number, timeZone: string): number {
  const ms = unixSeconds * 1000;
  const wall = wallClockMs(ms, timeZone);
  return (ms - (wall - Math.floor(wall / 3_600_000) * 3_600_000)) / 1000;
}

/** The local wall-clock time at an instant, `YYYY-MM-DDTHH:MM`, for labels and CSV. */
export function localMinuteOf(unixSeconds: number, timeZone: string): string {
  return new Date(wallClockMs(unixSeconds * 1000, timeZone)).toISOString().slice(0, 16);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return dateOf(new Date(Date.UTC(date.year, date.month - 1, date.day + days)));
}

/** The first day of the month `months` after the month of `date`. */
export function firstOfMonth(date: LocalDate, months = 0): LocalDate {
  return dateOf(new Date(Date.UTC(date.year, date.month - 1 + months, 1)));
}

/** Reads `YYYY-MM-DD`, refusing dates that do not exist (2025-02-30). */
export function parseLocalDate(text: string): LocalDate | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  const round = addDays(date, 0);
  return round.year === date.year && round.month === date.month && round.day === date.day ? date : undefined;
}

const dateOf = (utc: Date): LocalDate => ({ year: utc.getUTCFullYear(), month: utc.getUTCMonth() + 1, day: utc.getUTCDate() });
