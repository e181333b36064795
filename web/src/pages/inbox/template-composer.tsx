import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../../api.ts';
import { Button, Field, Notice } from '../../components/ui.tsx';
import type { Overview } from '../../types.ts';
import { inboxApi } from './api.ts';
import type { MessageItem } from './model.ts';
import { previewOf, slotsOf, templateBody, type ApprovedTemplate } from './template-fill.ts';

type Props = { conversationId: string; phoneNumberId: string; onSent: (message: MessageItem) => void };

/** The WABA of the conversation's number, then its approved templates (the console's template list). */
async function approvedTemplates(phoneNumberId: string): Promise<ApprovedTemplate[]> {
  const { wabas } = await api.get<Overview>('/console/api/wabas');
  const waba = wabas.find((w) => w.phone_numbers.some((n) => n.id === phoneNumberId));
  if (!waba) throw new Error(`number ${phoneNumberId} is in none of the business's WABAs`);
  const page = await api.get<{ data: ApprovedTemplate[] }>(`/console/api/wabas/${waba.id}/templates?status=APPROVED&limit=100`);
  return page.data;
}

/**
 * What the composer offers once the window has closed: an approved template of the number's WABA,
 * its parameters in a form and a preview of the text. When the list cannot be read, the agent
 * names the template and its parameters by hand.
 */
export function TemplateComposer(props: Props) {
  const [templates, setTemplates] = useState<ApprovedTemplate[] | 'unavailable'>();
  useEffect(() => {
    let live = true;
    approvedTemplates(props.phoneNumberId).then(
      (list) => live && setTemplates(list),
      () => live && setTemplates('unavailable'),
    );
    return () => {
      live = false;
    };
  }, [props.phoneNumberId]);
  if (templates === undefined) return <p className="muted small">Loading the approved templates…</p>;
  if (templates === 'unavailable') return <NamedTemplateForm {...props} />;
  if (templates.length === 0) return <Notice tone="warn">This number’s WhatsApp Business Account has no approved template yet: create one in the template studio.</Notice>;
  return <TemplatePicker {...props} templates={templates} />;
}

/** Which field a template refusal is about (codes from src/inbox/advice.ts). */
const paramCodes = [132000, 132012, 132018];

function TemplatePicker({ conversationId, onSent, templates }: Props & { templates: ApprovedTemplate[] }) {
  const [id, setId] = useState(() => (templates.find((t) => t.name === 'hello_world') ?? templates[0])!.id);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ field?: 'parameters'; text: string }>();
  const [busy, setBusy] = useState(false);
  const template = templates.find((t) => t.id === id) ?? templates[0]!;
  const slots = slotsOf(template);
  const preview = previewOf(template, values);

  async function send(event: FormEvent) {
    event.preventDefault();
    const empty = slots.find((s) => !values[s.key]?.trim());
    if (empty) return setError({ field: 'parameters', text: `Fill in ${empty.label}` });
    setBusy(true);
    setError(undefined);
    try {
      onSent((await inboxApi.send(conversationId, { type: 'template', template: templateBody(template, values) })).message);
      setValues({});
    } catch (e) {
      setError({ ...(e instanceof ApiError && paramCodes.includes(e.code ?? 0) ? { field: 'parameters' as const } : {}), text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="template-form" onSubmit={(e) => void send(e)} aria-label="Template message">
      <label className="stacked">
        Template
        <select
          value={template.id}
          onChange={(e) => {
            setId(e.target.value);
            setValues({});
            setError(undefined);
          }}
        >
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} · {t.language} · {t.category.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {slots.length ? (
        <fieldset className="template-params">
          <legend>Parameters</legend>
          {slots.map((s) => (
            <label key={s.key} className="template-param">
              <span className="mono">{s.label}</span>
              <input value={values[s.key] ?? ''} placeholder={s.example ?? ''} onChange={(e) => setValues({ ...values, [s.key]: e.target.value })} aria-invalid={error?.field === 'parameters' && !values[s.key]?.trim() ? true : undefined} />
            </label>
          ))}
          {error?.field === 'parameters' ? <p className="field-error">{error.text}</p> : null}
        </fieldset>
      ) : null}
      <div className="template-preview" aria-label="Preview" data-testid="template-preview">
        <div className="muted small">Preview</div>
        <div className="bubble">
          {preview.header ? <p className="template-header">{preview.header}</p> : null}
          <p className="bubble-text">{preview.body}</p>
          {preview.footer ? <p className="template-footer">{preview.footer}</p> : null}
          {preview.buttons.length ? <p className="template-footer">{preview.buttons.map((b) => `▸ ${b}`).join('  ')}</p> : null}
        </div>
      </div>
      {error && !error.field ? <Notice tone="bad">{error.text}</Notice> : null}
      <Button type="submit" busy={busy}>
        Send template
      </Button>
    </form>
  );
}

/** Without the template list: the template's name, language and body parameters, typed in. */
function NamedTemplateForm({ conversationId, onSent }: Props) {
  const [name, setName] = useState('hello_world');
  const [language, setLanguage] = useState('en_US');
  const [params, setParams] = useState<string[]>([]);
  const [errors, setErrors] = useState<Partial<Record<'name' | 'parameters' | 'form', string>>>({});
  const [busy, setBusy] = useState(false);
  const template = {
    name: name.trim(),
    language: { code: language.trim() },
    ...(params.length ? { components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }] } : {}),
  };

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      onSent((await inboxApi.send(conversationId, { type: 'template', template })).message);
      setParams([]);
    } catch (e) {
      const code = e instanceof ApiError ? (e.code ?? 0) : 0;
      setErrors({ [code === 132001 ? 'name' : paramCodes.includes(code) ? 'parameters' : 'form']: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="template-form" onSubmit={(e) => void send(e)} aria-label="Template message">
      <p className="muted small">The template list cannot be read here: name an approved template.</p>
      <div className="template-fields">
        <Field label="Template name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
        <Field label="Language" value={language} onChange={(e) => setLanguage(e.target.value)} required />
      </div>
      <fieldset className="template-params">
        <legend>Body parameters</legend>
        {params.map((p, i) => (
          <div key={i} className="template-param">
            <label>
              <span className="mono">{`{{${i + 1}}}`}</span>
              <input value={p} onChange={(e) => setParams(params.map((x, j) => (j === i ? e.target.value : x)))} />
            </label>
            <button type="button" className="link-button" onClick={() => setParams(params.filter((_, j) => j !== i))} aria-label={`Remove parameter ${i + 1}`}>
              ✕
            </button>
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => setParams([...params, ''])}>
          + Add a parameter
        </button>
        {errors.parameters ? <p className="field-error">{errors.parameters}</p> : null}
      </fieldset>
      {errors.form ? <Notice tone="bad">{errors.form}</Notice> : null}
      <Button type="submit" busy={busy} disabled={!name.trim() || !language.trim()}>
        Send template
      </Button>
    </form>
  );
}
