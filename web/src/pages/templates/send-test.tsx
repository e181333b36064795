import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { Button, Field, Notice } from '../../components/ui.tsx';
import { Select } from './fields.tsx';
import { templatesApi } from './api.ts';
import { fromTemplate, mediaFormats, parametersOf, type TemplateView } from './model.ts';

interface Slot {
  key: string;
  label: string;
  initial: string;
}

/** The values a send of `t` takes, each prefilled with the template's review example. */
function slotsOf(t: TemplateView): Slot[] {
  const d = fromTemplate(t);
  const slots: Slot[] = [];
  if (d.header.format === 'TEXT') for (const p of parametersOf(d.header.text, d.parameterFormat)) slots.push({ key: `header:${p}`, label: `Header {{${p}}}`, initial: d.header.examples[p] ?? '' });
  if (mediaFormats.includes(d.header.format)) slots.push({ key: 'media', label: `Header ${d.header.format.toLowerCase()} link (https://…)`, initial: '' });
  for (const p of parametersOf(d.body.text, d.parameterFormat)) slots.push({ key: `body:${p}`, label: `Body {{${p}}}`, initial: d.body.examples[p] ?? '' });
  d.buttons.forEach((b, i) => {
    if (b.type === 'URL' && /\{\{\s*1\s*\}\}/.test(b.url)) slots.push({ key: `url:${i}`, label: `Button ${i + 1} URL suffix`, initial: b.example });
    if (b.type === 'COPY_CODE') slots.push({ key: `code:${i}`, label: `Button ${i + 1} offer code`, initial: b.example });
  });
  return slots;
}

/** The send's components (Cloud API shape) for a test of `t` with `values`. */
function componentsOf(t: TemplateView, values: Record<string, string>): Record<string, unknown>[] {
  const d = fromTemplate(t);
  const named = d.parameterFormat === 'NAMED';
  const text = (scope: string, p: string) => ({ type: 'text', text: values[`${scope}:${p}`] ?? '', ...(named ? { parameter_name: p } : {}) });
  const components: Record<string, unknown>[] = [];
  const headerParams = d.header.format === 'TEXT' ? parametersOf(d.header.text, d.parameterFormat) : [];
  if (headerParams.length) components.push({ type: 'header', parameters: headerParams.map((p) => text('header', p)) });
  if (mediaFormats.includes(d.header.format)) {
    const kind = d.header.format.toLowerCase();
    components.push({ type: 'header', parameters: [{ type: kind, [kind]: { link: values.media ?? '' } }] });
  }
  const bodyParams = parametersOf(d.body.text, d.parameterFormat);
  if (bodyParams.length) components.push({ type: 'body', parameters: bodyParams.map((p) => text('body', p)) });
  d.buttons.forEach((b, i) => {
    if (b.type === 'URL' && values[`url:${i}`] !== undefined) components.push({ type: 'button', sub_type: 'url', index: String(i), parameters: [{ type: 'text', text: values[`url:${i}`] }] });
    if (b.type === 'COPY_CODE') components.push({ type: 'button', sub_type: 'copy_code', index: String(i), parameters: [{ type: 'coupon_code', coupon_code: values[`code:${i}`] ?? '' }] });
  });
  return components;
}

/** Sends the template to a number from one of its WABA's, through the console's test send (the Cloud API's checks), with each parameter's value editable. */
export function SendTest({ template, numbers }: { template: TemplateView; numbers: readonly { id: string; display_phone_number: string }[] }) {
  const slots = useMemo(() => slotsOf(template), [template]);
  const [from, setFrom] = useState(numbers[0]?.id ?? '');
  const [to, setTo] = useState('');
  const [values, setValues] = useState<Record<string, string>>(() => Object.fromEntries(slots.map((s) => [s.key, s.initial])));
  const [result, setResult] = useState<{ ok: true; id: string } | { ok: false; field?: string; message: string }>();
  const [busy, setBusy] = useState(false);

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setResult(undefined);
    try {
      const phoneNumberId = from || numbers[0]?.id;
      const sent = await templatesApi.sendTest(template.id, { to, components: componentsOf(template, values), ...(phoneNumberId ? { phone_number_id: phoneNumberId } : {}) });
      setResult({ ok: true, id: sent.messages[0]?.id ?? '' });
    } catch (e) {
      // Graph names the recipient first when it is the problem (`to: "…" is not a valid phone number`).
      const field = e instanceof ApiError && /^to\b|recipient/i.test(e.details) ? 'to' : undefined;
      setResult({ ok: false, ...(field ? { field } : {}), message: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  if (template.status !== 'APPROVED') return <p className="field-hint">Only an approved template can be sent; a test send opens here once it is.</p>;
  return (
    <form className="send-test" onSubmit={(e) => void send(e)} aria-label="Send a test">
      <h3>Send a test</h3>
      <div className="studio-row">
        {numbers.length > 1 ? <Select label="From" value={from} options={numbers.map((n) => n.id)} words={Object.fromEntries(numbers.map((n) => [n.id, n.display_phone_number]))} onChange={setFrom} /> : null}
        <Field label="Send to" value={to} placeholder="+44 7700 900123" required error={result && !result.ok && result.field === 'to' ? result.message : undefined} onChange={(e) => setTo(e.target.value)} />
      </div>
      {slots.map((s) => (
        <Field key={s.key} label={s.label} value={values[s.key] ?? ''} onChange={(e) => setValues((v) => ({ ...v, [s.key]: e.target.value }))} />
      ))}
      <Button type="submit" busy={busy} disabled={numbers.length === 0}>
        Send test
      </Button>
      {numbers.length === 0 ? <p className="field-hint">This WABA has no number to send from.</p> : null}
      {result?.ok ? (
        <Notice tone="good">
          Sent: <span className="mono">{result.id}</span>. The phone simulator shows it as the customer sees it.
        </Notice>
      ) : null}
      {result && !result.ok && result.field !== 'to' ? <Notice tone="bad">{result.message}</Notice> : null}
    </form>
  );
}
