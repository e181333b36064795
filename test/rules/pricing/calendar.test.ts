import { describe, expect, it } from 'vitest';
import { billingMonth, localDate } from '../../../src/rules/pricing/calendar.js';
import { ianaTimeZoneFor, isKnownMetaTimezone, metaTimezones } from '../../../src/rules/pricing/meta-timezones.js';

const at = (iso: string): number => Date.parse(iso) / 1000;

describe('billing months', () => {
  it('counts the month in the WABA\'s time zone', () => {
    const instant = at('2026-10-01T03:00:00Z');
    expect(billingMonth(instant, 'UTC')).toBe('2026-10');
    expect(billingMonth(instant, 'America/Los_Angeles')).toBe('2026-09');
    expect(billingMonth(at('2026-12-31T20:00:00Z'), 'Asia/Tokyo')).toBe('2027-01');
  });

  it('follows daylight saving time', () => {
    // 1 Apr 2026 00:30 in London is 31 Mar 23:30 UTC (BST, UTC+1).
    expect(localDate(at('2026-03-31T23:30:00Z'), 'Europe/London')).toBe('2026-04-01');
    expect(localDate(at('2026-01-31T23:30:00Z'), 'Europe/London')).toBe('2026-01-31');
  });

  it('refuses a time zone Intl does not know rather than billing in UTC', () => {
    expect(() => billingMonth(0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('Meta timezone ids', () => {
  it('maps id 1 to Los Angeles and the common zones to their IANA names', () => {
    expect(ianaTimeZoneFor('1')).toBe('America/Los_Angeles');
    expect(ianaTimeZoneFor(7)).toBe('America/New_York');
    expect(ianaTimeZoneFor('58')).toBe('Europe/London');
    expect(ianaTimeZoneFor('71')).toBe('Asia/Kolkata');
    expect(ianaTimeZoneFor('25')).toBe('America/Sao_Paulo');
  });

  it('falls back to UTC for unknown ids and for 0 (TZ_UNKNOWN)', () => {
    expect([ianaTimeZoneFor('0'), ianaTimeZoneFor('9999'), ianaTimeZoneFor('abc')]).toEqual(['UTC', 'UTC', 'UTC']);
    expect([isKnownMetaTimezone('0'), isKnownMetaTimezone('9999'), isKnownMetaTimezone('142')]).toEqual([false, false, true]);
  });

  it('maps every id to a zone Intl can compute a billing month in', () => {
    const zones = metaTimezones();
    expect(zones).toHaveLength(142);
    for (const { iana } of zones) expect(billingMonth(at('2026-06-15T12:00:00Z'), iana)).toMatch(/^2026-06$/);
  });
});
