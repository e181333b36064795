/**
 * Calendar dates in a WABA's time zone. Meta counts volume tiers and the service allowance per
 * calendar month and switches rates and rules at 00:00 on the first of a month, both in the WABA's
 * time zone (spec §7.1; Meta: per-message pricing "applies to businesses for whom it is July 1,
 * 2025 or later, based on their WABA timezone"). Intl does the zone arithmetic, DST included.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone Intl does not know: a wrong zone must not bill silently in UTC.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/**
 * Dates by zone and quarter hour: every zone's midnight falls on a quarter hour (offsets are whole
 * quarter hours), so all instants of one quarter hour share a date. Pricing asks for the same few
 * dates for every delivery; formatting each anew showed in profiles.
 */
const dates = new Map<string, string>();
const QUARTER_HOUR = 900;

/** `YYYY-MM-DD` of the instant in the zone. */
export function localDate(unixSeconds: number, timeZone: string): string {
  if (!Number.isFinite(unixSeconds)) throw new RangeError(`not a unix time: ${unixSeconds}`);
  const key = `${timeZone} ${Math.floor(unixSeconds / QUARTER_HOUR)}`;
  const known = dates.get(key);
  if (known !== undefined) return known;
  const parts = formatterFor(timeZone).formatToParts(new Date(unixSeconds * 1000));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)!.value;
  const date = `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
  if (dates.size >= 10_000) dates.clear();
  dates.set(key, date);
  return date;
}

/** The billing month `YYYY-MM` an instant falls in, in the WABA's time zone. */
export function billingMonth(unixSeconds: number, ianaTimeZone: string): string {
  return localDate(unixSeconds, ianaTimeZone).slice(0, 7);
}
