import { describe, expect, it } from 'vitest';
import { validateTemplateAnalytics } from '../../src/analytics/template-query.js';
import { refused } from './refused.js';

const NOW = 1_781_524_800; // 2026-06-15T12:00:00Z
const DAY = 86_400;
const TODAY_UTC = 1_781_481_600; // 2026-06-15T00:00:00Z
const LA = 'America/Los_Angeles';

const validate = (params: Record<string, unknown>, now = NOW) => validateTemplateAnalytics(params, { now, wabaTimeZone: LA });
const ids = '[1421988012088524,2632273056924580]';

describe('validateTemplateAnalytics', () => {
  it('widens a timestamp range to whole UTC days, the end\'s own day included, as in Meta\'s example', () => {
    // Meta's guide: start=1718064000&end=1718122745 is answered with the day 1718064000–1718150400.
    const start = TODAY_UTC - 3 * DAY;
    const query = validate({ start: String(start), end: String(start + 58_745), granularity: 'daily', template_ids: ids, metric_types: 'cost,clicked,delivered,read,sent' });
    expect(query).toEqual({
      field: 'template_analytics',
      start,
      end: start + DAY,
      granularity: 'DAILY',
      templateIds: ['1421988012088524', '2632273056924580'],
      metricTypes: ['COST', 'CLICKED', 'DELIVERED', 'READ', 'SENT'],
      productType: 'CLOUD_API',
      useWabaTimezone: false,
      timeZone: 'UTC',
    });
  });

  it('moves a start inside a day back to that day\'s 00:00 UTC', () => {
    expect(validate({ start: String(TODAY_UTC - DAY + 5000), end: String(TODAY_UTC), granularity: 'DAILY', template_ids: '1' }).start).toBe(TODAY_UTC - DAY);
  });

  it('counts days in the WABA\'s zone when use_waba_timezone is true, from YYYY-MM-DD dates', () => {
    const query = validate({ start: '2026-06-01', end: '2026-06-02', granularity: 'DAILY', template_ids: ['1'], use_waba_timezone: 'true' });
    expect(query).toMatchObject({ start: 1_780_297_200, end: 1_780_470_000, timeZone: LA, useWabaTimezone: true }); // 07:00Z, PDT midnights
  });

  it('resolves no metric types to every Cloud API metric', () => {
    expect(validate({ start: String(TODAY_UTC), end: String(NOW), granularity: 'DAILY', template_ids: '1' }).metricTypes).toEqual(['SENT', 'DELIVERED', 'READ', 'CLICKED', 'COST']);
  });

  it('refuses timestamps when use_waba_timezone is true, and dates that do not exist', () => {
    expect(refused(() => validate({ start: String(TODAY_UTC), end: '2026-06-15', granularity: 'DAILY', template_ids: '1', use_waba_timezone: true }))).toBe(
      'template_analytics.start: must be a date YYYY-MM-DD when use_waba_timezone is true',
    );
    expect(refused(() => validate({ start: '2026-02-30', end: '2026-03-01', granularity: 'DAILY', template_ids: '1' }))).toBe(
      'template_analytics.start: "2026-02-30" is neither a unix timestamp nor a date YYYY-MM-DD',
    );
    expect(refused(() => validate({ start: '2026-06-01', end: '2026-06-02', granularity: 'DAILY', template_ids: '1', use_waba_timezone: 'yes' }))).toBe(
      'template_analytics.use_waba_timezone: "yes" is not true or false',
    );
  });

  it('refuses a granularity other than DAILY, naming granularity', () => {
    expect(refused(() => validate({ start: String(TODAY_UTC), end: String(NOW), granularity: 'MONTHLY', template_ids: '1' }))).toBe('template_analytics.granularity: "MONTHLY" is not one of DAILY');
    expect(refused(() => validate({ start: String(TODAY_UTC), end: String(NOW), template_ids: '1' }))).toBe('template_analytics.granularity: is required, one of DAILY');
  });

  it('refuses no template ids, more than ten, or one that is not an id', () => {
    const base = { start: String(TODAY_UTC), end: String(NOW), granularity: 'DAILY' };
    expect(refused(() => validate(base))).toBe('template_analytics.template_ids: is required, 1 to 10 template ids');
    const eleven = `[${Array.from({ length: 11 }, (_, i) => i + 1).join(',')}]`;
    expect(refused(() => validate({ ...base, template_ids: eleven }))).toBe('template_analytics.template_ids: at most 10 template ids, got 11');
    expect(refused(() => validate({ ...base, template_ids: '[seasonal_promo]' }))).toBe('template_analytics.template_ids: "seasonal_promo" is not a template id');
  });

  it('refuses metric types chatapp has no data for, naming the metric', () => {
    const base = { start: String(TODAY_UTC), end: String(NOW), granularity: 'DAILY', template_ids: '1' };
    expect(refused(() => validate({ ...base, metric_types: 'sent,app_purchases' }))).toBe('template_analytics.metric_types: "app_purchases" is not one of SENT, DELIVERED, READ, CLICKED, COST');
  });

  it('refuses an end day before the start day, naming end with the values given', () => {
    expect(refused(() => validate({ start: '2026-06-10', end: '2026-06-09', granularity: 'DAILY', template_ids: '1' }))).toBe('template_analytics.end: 2026-06-09 is before start 2026-06-10');
  });

  it('looks back 90 days from today and not a day more, and refuses a start in the future', () => {
    const base = { granularity: 'DAILY', template_ids: '1', end: String(NOW) };
    expect(validate({ ...base, start: String(TODAY_UTC - 90 * DAY) }).start).toBe(TODAY_UTC - 90 * DAY);
    expect(refused(() => validate({ ...base, start: String(TODAY_UTC - 91 * DAY) }))).toBe(
      `template_analytics.start: ${TODAY_UTC - 91 * DAY} is more than 90 days ago; template_analytics looks back at most 90 days`,
    );
    expect(refused(() => validate({ ...base, start: String(TODAY_UTC + DAY), end: String(TODAY_UTC + DAY) }))).toBe(`template_analytics.start: ${TODAY_UTC + DAY} is in the future`);
  });
});
