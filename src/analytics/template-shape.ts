import { currencyUnits } from './shapes.js';
import type { TemplateAnalyticsQuery } from './template-query.js';

/**
 * The template_analytics answer, after the example response and the "cost and click metrics"
 * section of Meta's analytics guide (Apr 2026):
 *  - `{data:[{granularity:"DAILY", product_type:"cloud_api", data_points:[…]}], paging:{cursors}}`, with
 *    `waba_timezone` first in the data item when `use_waba_timezone=true`;
 *  - a point: template_id, start, end, sent, delivered, read, clicked, cost — each metric only when asked;
 *  - `clicked`: `[{type, button_content, count}]`, types url_button, unique_url_button, quick_reply_button;
 *    the guide's template without buttons has no `clicked` key at all;
 *  - `cost`: amount_spent, cost_per_delivered (= amount_spent / delivered) and cost_per_url_button_click
 *    (= amount_spent / URL-button clicks, quick replies excluded), the last "omitted if the template
 *    does not have a URL button".
 * Guessed: a ratio whose divisor is 0 keeps its `type` and drops `value` (one SDK types `value?`).
 */
export interface TemplateClick {
  readonly type: 'url_button' | 'unique_url_button' | 'quick_reply_button';
  readonly buttonContent: string;
  readonly count: number;
}

/** One template on one day of the query's zone; the store gives one row per template and day. */
export interface TemplateRow {
  readonly templateId: string;
  readonly start: number;
  readonly end: number;
  readonly sent: number;
  readonly delivered: number;
  readonly read: number;
  readonly clicks: readonly TemplateClick[];
  /** Millionths of the WABA's currency unit. */
  readonly amountSpentMicros: number;
  readonly hasUrlButton: boolean;
}

export interface GraphCursorPaging {
  cursors: { before: string; after: string };
  next?: string;
  previous?: string;
}

type CostType = 'amount_spent' | 'cost_per_delivered' | 'cost_per_url_button_click';

export interface TemplateDataPointJson {
  template_id: string;
  start: number;
  end: number;
  sent?: number;
  delivered?: number;
  read?: number;
  clicked?: Array<{ type: TemplateClick['type']; button_content: string; count: number }>;
  cost?: Array<{ type: CostType; value?: number }>;
}

export interface TemplateAnalyticsJson {
  data: Array<{ waba_timezone?: string; granularity: 'DAILY'; product_type: string; data_points: TemplateDataPointJson[] }>;
  paging?: GraphCursorPaging;
}

/** Points run template by template in the order asked, newest day first (as in the guide's template group example). */
export function shapeTemplateAnalytics(
  query: TemplateAnalyticsQuery,
  data: { readonly rows: readonly TemplateRow[]; readonly paging?: GraphCursorPaging },
): TemplateAnalyticsJson {
  const metrics = new Set(query.metricTypes);
  const order = (id: string): number => {
    const at = query.templateIds.indexOf(id);
    return at < 0 ? query.templateIds.length : at;
  };
  const rows = [...data.rows].sort((a, b) => order(a.templateId) - order(b.templateId) || b.start - a.start);
  const points = rows.map((row): TemplateDataPointJson => ({
    template_id: row.templateId,
    start: row.start,
    end: row.end,
    ...(metrics.has('SENT') ? { sent: row.sent } : {}),
    ...(metrics.has('DELIVERED') ? { delivered: row.delivered } : {}),
    ...(metrics.has('READ') ? { read: row.read } : {}),
    ...(metrics.has('CLICKED') && row.clicks.length > 0
      ? { clicked: row.clicks.map((c) => ({ type: c.type, button_content: c.buttonContent, count: c.count })) }
      : {}),
    ...(metrics.has('COST') ? { cost: costs(row) } : {}),
  }));
  return {
    data: [
      {
        ...(query.useWabaTimezone ? { waba_timezone: query.timeZone } : {}),
        granularity: 'DAILY',
        // The guide shows "cloud_api" for CLOUD_API; other product types are lower-cased the same way (a guess).
        product_type: query.productType.toLowerCase(),
        data_points: points,
      },
    ],
    ...(data.paging ? { paging: data.paging } : {}),
  };
}

function costs(row: TemplateRow): Array<{ type: CostType; value?: number }> {
  // Total URL clicks; the guide's example lists only unique_url_button, so those count when no total is given (a guess).
  const urlType = row.clicks.some((c) => c.type === 'url_button') ? 'url_button' : 'unique_url_button';
  const urlClicks = row.clicks.filter((c) => c.type === urlType).reduce((sum, c) => sum + c.count, 0);
  const ratio = (type: CostType, divisor: number) =>
    divisor > 0 ? { type, value: currencyUnits(row.amountSpentMicros / divisor) } : { type };
  return [
    { type: 'amount_spent', value: currencyUnits(row.amountSpentMicros) },
    ratio('cost_per_delivered', row.delivered),
    ...(row.hasUrlButton ? [ratio('cost_per_url_button_click', urlClicks)] : []),
  ];
}
