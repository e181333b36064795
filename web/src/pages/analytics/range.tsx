import { Field } from '../../components/ui.tsx';
import { Select } from '../templates/fields.tsx';
import type { Granularity, RangeQuery } from './data.ts';

const zones = [...new Set(['UTC', Intl.DateTimeFormat().resolvedOptions().timeZone])];

/** From and to (dates, the last day included), granularity and time zone; a refused value is shown under its field. */
export function RangePicker({ range, error, onChange }: { range: RangeQuery; error: { field: string; message: string } | undefined; onChange: (next: Partial<RangeQuery>) => void }) {
  const at = (field: string) => (error?.field === field ? error.message : undefined);
  return (
    <form className="range-picker" aria-label="Date range" onSubmit={(e) => e.preventDefault()}>
      <Field label="From" type="date" value={range.from} max={range.to} error={at('from')} onChange={(e) => e.target.value && onChange({ from: e.target.value })} />
      <Field label="To" type="date" value={range.to} min={range.from} error={at('to')} onChange={(e) => e.target.value && onChange({ to: e.target.value })} />
      <Select label="Granularity" value={range.granularity} options={['hour', 'day', 'month']} words={{ hour: 'By hour', day: 'By day', month: 'By month' }} errors={at('granularity') ? [at('granularity')!] : []} onChange={(v) => onChange({ granularity: v as Granularity })} />
      <Select label="Time zone" value={range.tz} options={zones.includes(range.tz) ? zones : [...zones, range.tz]} errors={at('tz') ? [at('tz')!] : []} onChange={(v) => onChange({ tz: v })} />
    </form>
  );
}
