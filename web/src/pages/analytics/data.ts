import { api } from '../../api.ts';

/** Shapes of `/console/api/analytics/…` (src/analytics/dashboards.ts) and `/console/api/billing/totals`. */
export interface Dashboard<Row> {
  from: number;
  to: number;
  granularity: string;
  time_zone: string;
  columns: string[];
  data: Row[];
}

interface When {
  period: string;
  start: number;
  end: number;
}

export interface MessageRow extends When {
  outbound: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  inbound: number;
  delivery_rate: number | null;
  read_rate: number | null;
}
export interface FailureRow {
  code: number | null;
  title: string;
  count: number;
}
export interface SessionRow extends When {
  sessions: number;
}
export interface ResponseRow extends When {
  sessions: number;
  first_responses: number;
  first_response_seconds: number | null;
  responses: number;
  average_response_seconds: number | null;
  unanswered: number;
}
export interface CostRow extends When {
  category: string;
  currency: string;
  volume: number;
  billable: number;
  cost: number;
}
export interface LedgerTotal {
  messages: number;
  billable_messages: number;
  meta_amount: string;
  markup_amount: string;
  amount: string;
  currency: string;
  [key: string]: string | number;
}

export type Granularity = 'hour' | 'day' | 'month';

export interface RangeQuery {
  from: string;
  to: string;
  granularity: Granularity;
  tz: string;
}

/** The dashboards' query string: dates of `tz`, `to` included. */
export const dashboardQuery = (q: RangeQuery, extra: Record<string, string> = {}): string =>
  new URLSearchParams({ from: q.from, to: q.to, granularity: q.granularity, tz: q.tz, ...extra }).toString();

/** The ledger's totals take UTC dates with `to` excluded: the day after the last one shown. */
export const ledgerQuery = (q: RangeQuery, extra: Record<string, string> = {}): string => {
  const next = new Date(`${q.to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return new URLSearchParams({ from: q.from, to: next.toISOString().slice(0, 10), ...extra }).toString();
};

export interface AnalyticsData {
  messages: Dashboard<MessageRow>;
  failures: Dashboard<FailureRow>;
  sessions: Dashboard<SessionRow>;
  responses: Dashboard<ResponseRow>;
  costs: Dashboard<CostRow>;
  byCategory: LedgerTotal[];
  byCountry: LedgerTotal[];
}

export async function loadAnalytics(q: RangeQuery): Promise<AnalyticsData> {
  const d = <T>(name: string, extra?: Record<string, string>) => api.get<Dashboard<T>>(`/console/api/analytics/${name}?${dashboardQuery(q, extra)}`);
  const totals = (by: string) => api.get<{ data: LedgerTotal[] }>(`/console/api/billing/totals?${ledgerQuery(q, { by })}`).then((r) => r.data);
  const [messages, failures, sessions, responses, costs, byCategory, byCountry] = await Promise.all([
    d<MessageRow>('messages'),
    d<FailureRow>('failures'),
    d<SessionRow>('sessions'),
    d<ResponseRow>('response-times'),
    d<CostRow>('costs', { by: 'category' }),
    totals('category'),
    totals('country'),
  ]);
  return { messages, failures, sessions, responses, costs, byCategory, byCountry };
}

/** Where each chart's rows come from, as a CSV download. */
export const csvLinks = (q: RangeQuery) => ({
  messages: `/console/api/analytics/messages?${dashboardQuery(q, { format: 'csv' })}`,
  failures: `/console/api/analytics/failures?${dashboardQuery(q, { format: 'csv' })}`,
  sessions: `/console/api/analytics/sessions?${dashboardQuery(q, { format: 'csv' })}`,
  responses: `/console/api/analytics/response-times?${dashboardQuery(q, { format: 'csv' })}`,
  costs: `/console/api/analytics/costs?${dashboardQuery(q, { by: 'category', format: 'csv' })}`,
  costsByCountry: `/console/api/analytics/costs?${dashboardQuery(q, { by: 'country', format: 'csv' })}`,
  byCategory: `/console/api/billing/totals?${ledgerQuery(q, { by: 'category', format: 'csv' })}`,
  byCountry: `/console/api/billing/totals?${ledgerQuery(q, { by: 'country', format: 'csv' })}`,
});
