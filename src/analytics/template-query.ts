import { invalidParameter } from '../core/graph-errors.js';
import { MAX_TEMPLATE_IDS, TEMPLATE_METRICS, TEMPLATE_PRODUCT_TYPES, type TemplateMetric, type TemplateProductType } from './catalog.js';
import { paramReader, type ParamReader } from './params.js';
import { TEMPLATE_LOOKBACK_DAYS, checkRange } from './range.js';
import { addDays, localDateOf, parseLocalDate, startOfLocalDay, type LocalDate } from './time-zone.js';

/**
 * `GET /{waba}/template_analytics?start&end&granularity&template_ids&metric_types` (spec §8.4),
 * per Meta's guide: start and end are unix timestamps or YYYY-MM-DD dates; days are UTC unless
 * `use_waba_timezone=true`, which requires dates; a timestamp "that does not correspond to 0:00 UTC
 * will be adjusted back to the current day's 00:00 UTC"; DAILY only; at most 10 template ids; 90 days back.
 * The guide's example asks start=1718064000&end=1718122745 and gets the whole day 1718064000–1718150400,
 * so the end's own day is included: the validated range runs to the start of the day after it.
 */
export interface TemplateAnalyticsQuery {
  readonly field: 'template_analytics';
  /** The first instant of the first day, unix seconds. */
  readonly start: number;
  /** The first instant after the last day (exclusive). */
  readonly end: number;
  readonly granularity: 'DAILY';
  readonly templateIds: readonly string[];
  /** Every metric when none was asked for, as Meta answers an omitted or empty list. */
  readonly metricTypes: readonly TemplateMetric[];
  readonly productType: TemplateProductType;
  readonly useWabaTimezone: boolean;
  /** The zone days are counted in: UTC, or the WABA's when `use_waba_timezone=true`. */
  readonly timeZone: string;
}

const FIELD = 'template_analytics';

export function validateTemplateAnalytics(
  params: Readonly<Record<string, unknown>>,
  options: { readonly now: number; readonly wabaTimeZone: string },
): TemplateAnalyticsQuery {
  const read = paramReader(FIELD, params);
  const useWabaTimezone = readBoolean(read, 'use_waba_timezone');
  const timeZone = useWabaTimezone ? options.wabaTimeZone : 'UTC';
  const firstDay = readDay(read, { name: 'start', timeZone, datesOnly: useWabaTimezone });
  const lastDay = readDay(read, { name: 'end', timeZone, datesOnly: useWabaTimezone });
  const start = startOfLocalDay(firstDay, timeZone);
  const end = startOfLocalDay(addDays(lastDay, 1), timeZone);
  if (end <= start) throw invalidParameter(`${FIELD}.end: ${read.text('end')} is before start ${read.text('start')}`);
  const earliest = startOfLocalDay(addDays(localDateOf(options.now, timeZone), -TEMPLATE_LOOKBACK_DAYS), timeZone);
  checkRange({ start, end }, { field: FIELD, now: options.now, lookback: { earliest, label: `${TEMPLATE_LOOKBACK_DAYS} days` } });

  const templateIds = [...new Set(read.matching('template_ids', { pattern: /^\d+$/, what: 'a template id' }))];
  if (templateIds.length === 0) throw invalidParameter(`${FIELD}.template_ids: is required, 1 to ${MAX_TEMPLATE_IDS} template ids`);
  if (templateIds.length > MAX_TEMPLATE_IDS) throw invalidParameter(`${FIELD}.template_ids: at most ${MAX_TEMPLATE_IDS} template ids, got ${templateIds.length}`);
  const metricTypes = read.listOf('metric_types', TEMPLATE_METRICS);
  return {
    field: FIELD,
    start,
    end,
    granularity: read.oneOf('granularity', ['DAILY'] as const),
    templateIds,
    metricTypes: metricTypes.length > 0 ? metricTypes : TEMPLATE_METRICS,
    productType: read.text('product_type') === undefined ? 'CLOUD_API' : read.oneOf('product_type', TEMPLATE_PRODUCT_TYPES),
    useWabaTimezone,
    timeZone,
  };
}

function readDay(read: ParamReader, options: { name: 'start' | 'end'; timeZone: string; datesOnly: boolean }): LocalDate {
  const { name } = options;
  const text = read.text(name);
  if (text === undefined || text === '') throw invalidParameter(`${FIELD}.${name}: is required (a unix timestamp or a date YYYY-MM-DD)`);
  if (/^\d+$/.test(text)) {
    if (options.datesOnly) throw invalidParameter(`${FIELD}.${name}: must be a date YYYY-MM-DD when use_waba_timezone is true`);
    return localDateOf(Number(text), options.timeZone);
  }
  const date = parseLocalDate(text);
  if (date === undefined) throw invalidParameter(`${FIELD}.${name}: "${text}" is neither a unix timestamp nor a date YYYY-MM-DD`);
  return date;
}

function readBoolean(read: ParamReader, name: string): boolean {
  const text = read.text(name)?.toLowerCase();
  if (text === undefined || text === 'false' || text === '0') return false;
  if (text === 'true' || text === '1') return true;
  throw invalidParameter(`${FIELD}.${name}: "${text}" is not true or false`);
}
