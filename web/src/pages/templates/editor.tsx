import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../api.ts';
import { Button, Card, Field, Notice } from '../../components/ui.tsx';
import { templatesApi } from './api.ts';
import { ButtonsEditor } from './buttons-editor.tsx';
import { Errors, Select, TextArea } from './fields.tsx';
import { byField, emptyDraft, fromTemplate, headerFormats, mediaFormats, parametersOf, problemsOfDetails, toPayload, type Draft, type Problem, type TemplateView } from './model.ts';
import { TemplatePreview } from './preview.tsx';

interface Finding extends Problem {
  rule: string;
  rejected_reason: string;
}

/** What the lint found, `undefined` while it has not answered for the current form. */
function useLint(wabaId: string, payload: Record<string, unknown>): { findings: Finding[] | undefined; error: string | undefined } {
  const [state, setState] = useState<{ findings: Finding[] | undefined; error: string | undefined }>({ findings: undefined, error: undefined });
  const key = JSON.stringify(payload);
  useEffect(() => {
    let current = true;
    // Lint as the member types, but not on every key: a quarter second after the last change.
    const timer = setTimeout(() => {
      api.post<{ findings: Finding[] }>('/console/api/templates/lint', { waba_id: wabaId, ...payload }).then(
        (r) => current && setState({ findings: r.findings, error: undefined }),
        (e: unknown) => current && setState((s) => ({ findings: s.findings, error: messageOf(e) })),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `key` stands for the payload: a new object each render, the same content.
  }, [wabaId, key]);
  return state;
}

/** A form to create a template, or edit one (`editing`), beside its live preview, with the review's findings next to each field. */
export function TemplateEditor(props: { wabaId: string; businessName: string; editing?: TemplateView; onSaved: (id: string, category: string) => void; onCancel: () => void }) {
  const { wabaId, editing } = props;
  const [draft, setDraft] = useState<Draft>(() => (editing ? fromTemplate(editing) : emptyDraft()));
  const [serverProblems, setServerProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const payload = useMemo(() => toPayload(draft), [draft]);
  const lint = useLint(wabaId, payload.body);
  const problems = useMemo(() => byField([...(lint.findings ?? []), ...serverProblems], payload.slots), [lint.findings, serverProblems, payload.slots]);
  const at = (field: string): string[] => problems.get(field) ?? [];

  const change = (update: (d: Draft) => Draft) => {
    setDraft(update);
    setServerProblems([]);
  };

  async function submit() {
    setBusy(true);
    setServerProblems([]);
    try {
      if (editing) {
        // Meta's edit takes the components (and a category, except for an approved template); name and language stay.
        const { components, category, parameter_format } = payload.body;
        await templatesApi.edit(editing.id, { components, parameter_format, ...(editing.status === 'APPROVED' ? {} : { category }) });
        props.onSaved(editing.id, editing.status === 'APPROVED' ? editing.category : draft.category);
      } else {
        const created = await templatesApi.create(wabaId, payload.body);
        props.onSaved(created.id, created.category);
      }
    } catch (e) {
      setServerProblems(e instanceof ApiError ? problemsOfDetails(e.details) : [{ path: '', message: messageOf(e) }]);
    } finally {
      setBusy(false);
    }
  }

  const headerParams = parametersOf(draft.header.text, draft.parameterFormat);
  const bodyParams = parametersOf(draft.body.text, draft.parameterFormat);
  const findingsCount = lint.findings?.length ?? 0;
  return (
    <div className="studio-layout">
      <Card
        title={editing ? `Edit ${editing.name} (${editing.language})` : 'New template'}
        actions={
          <>
            <Button variant="ghost" onClick={props.onCancel}>
              Cancel
            </Button>
            <Button onClick={() => void submit()} busy={busy}>
              {editing ? 'Submit changes' : 'Submit for review'}
            </Button>
          </>
        }
      >
        {at('form').map((m) => (
          <Notice key={m} tone="bad">
            {m}
          </Notice>
        ))}
        <p className="small muted" data-testid="lint-summary" aria-live="polite">
          {lint.error
            ? `The review rules could not be checked: ${lint.error}`
            : lint.findings === undefined
              ? 'Checking against the review rules…'
              : findingsCount === 0
                ? '✔ No review rule finds a problem.'
                : `${findingsCount} ${findingsCount === 1 ? 'thing' : 'things'} the review would reject, shown next to each field.`}
        </p>
        <div className="studio-row">
          <Field label="Name" value={draft.name} disabled={!!editing} error={at('name').join(' ') || undefined} hint="lowercase letters, digits and underscores" onChange={(e) => change((d) => ({ ...d, name: e.target.value }))} />
          <Field label="Language" value={draft.language} disabled={!!editing} error={at('language').join(' ') || undefined} onChange={(e) => change((d) => ({ ...d, language: e.target.value }))} />
        </div>
        <div className="studio-row">
          <Select label="Category" value={draft.category} errors={at('category')} disabled={editing?.status === 'APPROVED'} onChange={(v) => change((d) => ({ ...d, category: v as Draft['category'] }))} options={['UTILITY', 'MARKETING', 'AUTHENTICATION']} />
          <Select
            label="Variables"
            value={draft.parameterFormat}
            errors={at('parameter_format')}
            onChange={(v) => change((d) => ({ ...d, parameterFormat: v as Draft['parameterFormat'] }))}
            options={['POSITIONAL', 'NAMED']}
            words={{ POSITIONAL: 'Numbered: {{1}}, {{2}}…', NAMED: 'Named: {{first_name}}…' }}
          />
        </div>

        <Section title="Header" testId="component-header" errors={at('header')}>
          <Select label="Header type" value={draft.header.format} onChange={(v) => change((d) => ({ ...d, header: { ...d.header, format: v as Draft['header']['format'] } }))} options={headerFormats} words={{ NONE: 'None' }} />
          {draft.header.format === 'TEXT' ? (
            <>
              <Field label="Header text" value={draft.header.text} maxLength={120} onChange={(e) => change((d) => ({ ...d, header: { ...d.header, text: e.target.value } }))} />
              <Examples prefix="Header example" params={headerParams} values={draft.header.examples} errors={at('header.example')} onChange={(examples) => change((d) => ({ ...d, header: { ...d.header, examples } }))} />
            </>
          ) : null}
          {mediaFormats.includes(draft.header.format) ? (
            <MediaExample format={draft.header.format} handle={draft.header.handle} errors={at('header.example')} onChange={(handle) => change((d) => ({ ...d, header: { ...d.header, handle } }))} />
          ) : null}
        </Section>

        <Section title="Body" testId="component-body" errors={at('body')}>
          <TextArea label="Body text" value={draft.body.text} onChange={(text) => change((d) => ({ ...d, body: { ...d.body, text } }))} invalid={at('body').length > 0} />
          <p className="field-hint">Variables: {draft.parameterFormat === 'NAMED' ? '{{first_name}}' : '{{1}}, {{2}}…'}; each needs an example for the reviewer.</p>
          <Examples prefix="Example" params={bodyParams} values={draft.body.examples} errors={at('body.example')} onChange={(examples) => change((d) => ({ ...d, body: { ...d.body, examples } }))} />
        </Section>

        <Section title="Footer" testId="component-footer" errors={at('footer')}>
          <Field label="Footer text (optional)" value={draft.footer} maxLength={80} onChange={(e) => change((d) => ({ ...d, footer: e.target.value }))} />
        </Section>

        <Section title="Buttons" testId="component-buttons" errors={at('buttons')}>
          <ButtonsEditor buttons={draft.buttons} errorsAt={at} onChange={(buttons) => change((d) => ({ ...d, buttons }))} />
        </Section>
      </Card>
      <div className="studio-preview">
        <TemplatePreview draft={draft} businessName={props.businessName} />
      </div>
    </div>
  );
}

function Section({ title, testId, errors, children }: { title: string; testId: string; errors: string[]; children: ReactNode }) {
  return (
    <fieldset className={`studio-section${errors.length ? ' field-invalid' : ''}`} data-testid={testId}>
      <legend>{title}</legend>
      {children}
      <Errors messages={errors} />
    </fieldset>
  );
}

/** One input per variable of a text, for the example the reviewer reads. */
function Examples(props: { prefix: string; params: string[]; values: Record<string, string>; errors: string[]; onChange: (values: Record<string, string>) => void }) {
  if (props.params.length === 0 && props.errors.length === 0) return null;
  return (
    <div className={`studio-examples${props.errors.length ? ' field-invalid' : ''}`}>
      {props.params.map((p) => (
        <Field key={p} label={`${props.prefix} for {{${p}}}`} value={props.values[p] ?? ''} onChange={(e) => props.onChange({ ...props.values, [p]: e.target.value })} />
      ))}
      <Errors messages={props.errors} />
    </div>
  );
}

/** A media header's example is a Resumable Upload handle: paste one, or upload a file to get one. */
function MediaExample(props: { format: string; handle: string; errors: string[]; onChange: (handle: string) => void }) {
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string>();
  const accept = props.format === 'IMAGE' ? 'image/jpeg,image/png' : props.format === 'DOCUMENT' ? 'application/pdf' : 'video/mp4';
  async function upload(file: File | undefined) {
    if (!file) return;
    setUploading(true);
    setError(undefined);
    try {
      props.onChange(await templatesApi.upload(file));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setUploading(false);
    }
  }
  return (
    <div className={`studio-examples${props.errors.length || error ? ' field-invalid' : ''}`}>
      <Field label="Example media handle" value={props.handle} placeholder="4::aW1hZ2UvcG5n:…" onChange={(e) => props.onChange(e.target.value)} hint="From Meta's Resumable Upload API (README, Uploads)." />
      <label className="compact">
        {uploading ? 'Uploading…' : 'Or upload a sample file: '}
        <input type="file" accept={accept} disabled={uploading} onChange={(e) => void upload(e.target.files?.[0])} />
      </label>
      <Errors messages={[...props.errors, ...(error ? [error] : [])]} />
    </div>
  );
}
