import { ArcElement, BarElement, CategoryScale, Chart as ChartJS, Filler, Legend, LinearScale, LineElement, PointElement, Tooltip, type ChartOptions } from 'chart.js';
import { Bar, Doughnut, Line } from 'react-chartjs-2';

// Only the pieces these charts draw, so the bundle carries no unused controller.
ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, ArcElement, Filler, Tooltip, Legend);

export const palette = ['#0b6b5a', '#34b7f1', '#f2a33a', '#b3261e', '#7b5ea7', '#25d366', '#66736f', '#d45d9b', '#3d7dd8', '#a5792a'];

export interface Series {
  label: string;
  data: (number | null)[];
}

const base = { responsive: true, maintainAspectRatio: false, animation: false } as const;

/** Lines over the periods; `percent` scales 0–1 shares to 0–100 %. */
export function LineChart({ labels, series, percent, unit, label }: { labels: string[]; series: Series[]; percent?: boolean; unit?: string; label: string }) {
  const options: ChartOptions<'line'> = {
    ...base,
    spanGaps: true,
    scales: { y: { beginAtZero: true, ...(percent ? { max: 100, ticks: { callback: (v) => `${v} %` } } : unit ? { ticks: { callback: (v) => `${v} ${unit}` } } : {}) } },
    plugins: { legend: { position: 'bottom' } },
  };
  const data = {
    labels,
    datasets: series.map((s, i) => ({
      label: s.label,
      data: s.data.map((v) => (v === null ? null : percent ? Math.round(v * 1000) / 10 : v)),
      borderColor: palette[i % palette.length],
      backgroundColor: palette[i % palette.length],
      tension: 0.25,
    })),
  };
  return (
    <div className="chart" role="img" aria-label={label}>
      <Line options={options} data={data} />
    </div>
  );
}

/** Bars over the periods (or over keys), stacked when `stacked`; `horizontal` for long labels such as error titles. */
export function BarChart({ labels, series, stacked, horizontal, label }: { labels: string[]; series: Series[]; stacked?: boolean; horizontal?: boolean; label: string }) {
  const options: ChartOptions<'bar'> = {
    ...base,
    indexAxis: horizontal ? 'y' : 'x',
    scales: { x: { stacked: !!stacked, beginAtZero: true }, y: { stacked: !!stacked, beginAtZero: true } },
    plugins: { legend: { display: series.length > 1, position: 'bottom' } },
  };
  const data = { labels, datasets: series.map((s, i) => ({ label: s.label, data: s.data, backgroundColor: palette[i % palette.length] })) };
  return (
    <div className="chart" role="img" aria-label={label}>
      <Bar options={options} data={data} />
    </div>
  );
}

export function DoughnutChart({ labels, values, label }: { labels: string[]; values: number[]; label: string }) {
  const options: ChartOptions<'doughnut'> = { ...base, plugins: { legend: { position: 'right' } } };
  const data = { labels, datasets: [{ data: values, backgroundColor: labels.map((_, i) => palette[i % palette.length]!) }] };
  return (
    <div className="chart chart-small" role="img" aria-label={label}>
      <Doughnut options={options} data={data} />
    </div>
  );
}
