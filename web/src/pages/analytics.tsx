import { useEffect, useState, type ReactNode } from 'react';
import { api, ApiError } from '../api.ts';
import { Card, Notice, PageHeader } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import { BarChart, DoughnutChart, LineChart } from './analytics/charts.tsx';
import { csvLinks, loadAnalytics, type AnalyticsData, type Granularity, type LedgerTotal, type RangeQuery } from './analytics/data.ts';
import { RangePicker } from './analytics/range.tsx';

const DAY = 24 * 3600 * 1000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Today by the sandbox clock (which tests and demos move on), else by this browser. */
function useToday(sandbox: boolean): number | undefined {
  const [today, setToday] = useState<number>();
  useEffect(() => {
    if (!sandbox) return setToday(Date.now());
    api.get<{ now: number }>('/simulator/clock').then(
      (c) => setToday(c.now * 1000),
      () => setToday(Date.now()),
    );
  }, [sandbox]);
  return today;
}

/**
 * Analytics: delivery and read rates, volumes, failure reasons, sessions, response times and cost by
 * category and country, for a range and granularity kept in the URL; each chart's rows as CSV.
 */
export function AnalyticsPage() {
  const session = useSession();
  const { query } = useLocation();
  const today = useToday(session.sandbox);
  const range: RangeQuery | undefined = today
    ? {
        from: query.get('from') ?? isoDate(today - 6 * DAY),
        to: query.get('to') ?? isoDate(today),
        granularity: (query.get('granularity') as Granularity | null) ?? 'day',
        tz: query.get('tz') ?? 'UTC',
      }
    : undefined;
  const key = range ? JSON.stringify(range) : '';
  const data = usePolling(() => (range ? loadAnalytics(range) : Promise.resolve(undefined)), 15_000, [key]);
  const [fieldError, setFieldError] = useState<{ field: string; message: string }>();
  useEffect(() => {
    // A refused range is shown next to the field the server named (`from: …`, `granularity: …`).
    const failed = data.error !== undefined;
    setFieldError(failed ? { field: new ApiError(400, 100, data.error ?? '').fieldAmong(['from', 'to', 'granularity', 'tz']) ?? 'form', message: data.error ?? '' } : undefined);
  }, [data.error]);

  return (
    <>
      <PageHeader title="Analytics" />
      {range ? <RangePicker range={range} error={fieldError} onChange={(next) => setQuery({ ...next })} /> : null}
      {fieldError?.field === 'form' ? <Notice tone="bad">{fieldError.message}</Notice> : null}
      {data.loading && !data.data ? <p className="muted">Loading…</p> : null}
      {data.data && range ? <Dashboards data={data.data} range={range} /> : null}
    </>
  );
}

function Csv({ href, label = 'CSV' }: { href: string; label?: string }) {
  return (
    <a className="btn btn-ghost compact" href={href} download>
      {label}
    </a>
  );
}

function Chart({ title, csv, children, wide }: { title: string; csv: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <Card title={title} actions={csv} className={`chart-card${wide ? ' chart-wide' : ''}`}>
      {children}
    </Card>
  );
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const pct = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 1000) / 10} %`);
const seconds = (s: number | null) => (s === null ? '—' : s < 120 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);
const amount = (rows: LedgerTotal[]) => {
  const byCurrency = new Map<string, number>();
  for (const r of rows) byCurrency.set(r.currency, (byCurrency.get(r.currency) ?? 0) + Number(r.amount));
  return [...byCurrency].map(([c, v]) => `${v.toFixed(4)} ${c}`).join(' + ') || '0';
};

function Dashboards({ data, range }: { data: AnalyticsData; range: RangeQuery }) {
  const csv = csvLinks(range);
  const m = data.messages.data;
  const labels = m.map((r) => r.period);
  const t = { outbound: sum(m.map((r) => r.outbound)), inbound: sum(m.map((r) => r.inbound)), sent: sum(m.map((r) => r.sent)), delivered: sum(m.map((r) => r.delivered)), read: sum(m.map((r) => r.read)), failed: sum(m.map((r) => r.failed)) };
  const sessions = sum(data.sessions.data.map((r) => r.sessions));
  const firsts = data.responses.data.filter((r) => r.first_response_seconds !== null);
  const firstAverage = firsts.length ? sum(firsts.map((r) => r.first_response_seconds! * r.first_responses)) / sum(firsts.map((r) => r.first_responses)) : null;
  const categories = [...new Set(data.costs.data.map((r) => r.category))].sort();
  return (
    <>
      <div className="stats" data-testid="analytics-totals">
        <Stat label="Outbound" value={t.outbound} testId="stat-outbound" />
        <Stat label="Inbound" value={t.inbound} testId="stat-inbound" />
        <Stat label="Delivery rate" value={pct(t.delivered, t.sent + t.failed)} />
        <Stat label="Read rate" value={pct(t.read, t.delivered)} />
        <Stat label="Failed" value={t.failed} />
        <Stat label="Sessions" value={sessions} testId="stat-sessions" />
        <Stat label="First response" value={seconds(firstAverage)} />
        <Stat label="Cost" value={amount(data.byCategory)} />
      </div>
      <p className="small muted">
        {range.from} to {range.to} by {range.granularity}, {data.messages.time_zone}.
      </p>
      <div className="charts">
        <Chart title="Delivery and read rates" csv={<Csv href={csv.messages} />}>
          <LineChart label="Delivery and read rates" labels={labels} percent series={[{ label: 'Delivery rate', data: m.map((r) => r.delivery_rate) }, { label: 'Read rate', data: m.map((r) => r.read_rate) }]} />
        </Chart>
        <Chart title="Volumes" csv={<Csv href={csv.messages} />}>
          <BarChart label="Inbound and outbound messages" labels={labels} series={[{ label: 'Outbound', data: m.map((r) => r.outbound) }, { label: 'Inbound', data: m.map((r) => r.inbound) }]} />
        </Chart>
        <Chart title="Sessions" csv={<Csv href={csv.sessions} />}>
          <BarChart label="Customer service sessions opened" labels={data.sessions.data.map((r) => r.period)} series={[{ label: 'Sessions', data: data.sessions.data.map((r) => r.sessions) }]} />
        </Chart>
        <Chart title="Response times" csv={<Csv href={csv.responses} />}>
          <LineChart
            label="First and average response times in seconds"
            unit="s"
            labels={data.responses.data.map((r) => r.period)}
            series={[
              { label: 'First response', data: data.responses.data.map((r) => r.first_response_seconds) },
              { label: 'Average response', data: data.responses.data.map((r) => r.average_response_seconds) },
            ]}
          />
        </Chart>
        <Chart title="Failure reasons" csv={<Csv href={csv.failures} />}>
          {data.failures.data.length === 0 ? (
            <p className="muted">No failed messages in this range.</p>
          ) : (
            <BarChart label="Failed messages by error" horizontal labels={data.failures.data.map((f) => `${f.code ?? '?'} ${f.title}`)} series={[{ label: 'Messages', data: data.failures.data.map((f) => f.count) }]} />
          )}
        </Chart>
        <Chart title="Cost by category" csv={<Csv href={csv.costs} />}>
          <BarChart
            label="Cost by pricing category per period"
            stacked
            labels={labels}
            series={categories.map((c) => ({ label: c, data: labels.map((p) => sum(data.costs.data.filter((r) => r.period === p && r.category === c).map((r) => r.cost))) }))}
          />
        </Chart>
        <Chart title="Messages by pricing category" csv={<Csv href={csv.byCategory} />}>
          {data.byCategory.length === 0 ? (
            <p className="muted">No delivered message in the ledger for this range.</p>
          ) : (
            <DoughnutChart label="Delivered messages by pricing category" labels={data.byCategory.map((r) => String(r.category))} values={data.byCategory.map((r) => r.messages)} />
          )}
          <Totals rows={data.byCategory} by="category" />
        </Chart>
        <Chart
          title="Cost by country"
          csv={
            <>
              <Csv href={csv.byCountry} label="CSV (totals)" />
              <Csv href={csv.costsByCountry} label="CSV (per period)" />
            </>
          }
        >
          <BarChart label="Cost by country" labels={data.byCountry.map((r) => String(r.country))} series={[{ label: 'Amount', data: data.byCountry.map((r) => Number(r.amount)) }]} />
          <Totals rows={data.byCountry} by="country" />
        </Chart>
      </div>
    </>
  );
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}

/** The ledger's totals under a chart: Meta's amount and the markup apart, as the statement shows them. */
function Totals({ rows, by }: { rows: LedgerTotal[]; by: string }) {
  if (rows.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="table compact">
        <thead>
          <tr>
            <th>{by}</th>
            <th>Messages</th>
            <th>Billable</th>
            <th>Meta</th>
            <th>Markup</th>
            <th>Amount</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r[by]}-${r.currency}`}>
              <td>{String(r[by])}</td>
              <td>{r.messages}</td>
              <td>{r.billable_messages}</td>
              <td>{r.meta_amount}</td>
              <td>{r.markup_amount}</td>
              <td>
                {r.amount} {r.currency}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
