import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Notice } from '../../components/ui.tsx';
import { inboxApi } from './api.ts';
import { blame } from './field-errors.ts';
import type { MessageItem } from './model.ts';

/** Meta's limits (src/messaging/validate-interactive.ts): the form offers no more rows than a message may carry. */
const MAX_BUTTONS = 3;
const MAX_ROWS = 10;

type Kind = 'button' | 'list';
interface Row {
  title: string;
  description: string;
}

interface Props {
  conversationId: string;
  /** The message this one quotes, if any. */
  contextId: string | undefined;
  onSent: (message: MessageItem) => void;
  onClose: () => void;
}

/** The body of an interactive message as the form holds it; ids are made from positions (b1…, r1…). */
function bodyOf(input: { kind: Kind; header: string; body: string; footer: string; buttons: string[]; listButton: string; section: string; rows: Row[] }) {
  const { kind, header, body, footer } = input;
  const action =
    kind === 'button'
      ? { buttons: input.buttons.map((title, i) => ({ type: 'reply', reply: { id: `b${i + 1}`, title } })) }
      : {
          button: input.listButton,
          sections: [{ ...(input.section.trim() ? { title: input.section } : {}), rows: input.rows.map((r, i) => ({ id: `r${i + 1}`, title: r.title, ...(r.description ? { description: r.description } : {}) })) }],
        };
  return {
    type: kind,
    ...(header.trim() ? { header: { type: 'text', text: header } } : {}),
    body: { text: body },
    ...(footer.trim() ? { footer: { text: footer } } : {}),
    action,
  };
}

/**
 * Reply buttons (up to three) or a list, built in a small form. The server's validation is the one
 * judge: what it refuses shows under the input it names.
 */
export function InteractiveComposer({ conversationId, contextId, onSent, onClose }: Props) {
  const [kind, setKind] = useState<Kind>('button');
  const [header, setHeader] = useState('');
  const [body, setBody] = useState('');
  const [footer, setFooter] = useState('');
  const [buttons, setButtons] = useState<string[]>(['', '']);
  const [listButton, setListButton] = useState('Options');
  const [section, setSection] = useState('');
  const [rows, setRows] = useState<Row[]>([{ title: '', description: '' }]);
  const [error, setError] = useState<{ field: string | undefined; text: string }>();
  const [busy, setBusy] = useState(false);

  const fields = [
    'interactive.header',
    'interactive.body',
    'interactive.footer',
    'interactive.action.buttons',
    ...buttons.map((_, i) => `interactive.action.buttons[${i}]`),
    'interactive.action.button',
    'interactive.action.sections',
    'interactive.action.sections[0].title',
    'interactive.action.sections[0].rows',
    ...rows.flatMap((_, i) => [`interactive.action.sections[0].rows[${i}].title`, `interactive.action.sections[0].rows[${i}].description`, `interactive.action.sections[0].rows[${i}]`]),
  ];
  const errorAt = (field: string): string | undefined => (error?.field === field ? error.text : undefined);

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const interactive = bodyOf({ kind, header, body, footer, buttons, listButton, section, rows });
      const answer = await inboxApi.send(conversationId, { type: 'interactive', interactive, ...(contextId ? { context: { message_id: contextId } } : {}) });
      onSent(answer.message);
      onClose();
    } catch (e) {
      setError(blame(e, fields));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="interactive-form" aria-label="Interactive message" onSubmit={(e) => void send(e)}>
      <div className="interactive-kinds" role="radiogroup" aria-label="Kind">
        {(['button', 'list'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="interactive-kind" checked={kind === k} onChange={() => setKind(k)} /> {k === 'button' ? 'Reply buttons' : 'List'}
          </label>
        ))}
        <button type="button" className="link-button interactive-close" onClick={onClose}>
          Cancel
        </button>
      </div>
      <Input label="Header (optional)" value={header} onChange={setHeader} error={errorAt('interactive.header')} maxLength={60} />
      <Input label="Message" value={body} onChange={setBody} error={errorAt('interactive.body')} multiline maxLength={1024} />
      <Input label="Footer (optional)" value={footer} onChange={setFooter} error={errorAt('interactive.footer')} maxLength={60} />
      {kind === 'button' ? (
        <fieldset className="interactive-rows">
          <legend>Buttons</legend>
          {buttons.map((title, i) => (
            <Input
              key={i}
              label={`Button ${i + 1}`}
              value={title}
              onChange={(v) => setButtons(buttons.map((b, j) => (j === i ? v : b)))}
              error={errorAt(`interactive.action.buttons[${i}]`)}
              remove={buttons.length > 1 ? () => setButtons(buttons.filter((_, j) => j !== i)) : undefined}
            />
          ))}
          {errorAt('interactive.action.buttons') ? <p className="field-error" role="alert">{errorAt('interactive.action.buttons')}</p> : null}
          {buttons.length < MAX_BUTTONS ? (
            <button type="button" className="link-button" onClick={() => setButtons([...buttons, ''])}>
              + Add a button
            </button>
          ) : null}
        </fieldset>
      ) : (
        <fieldset className="interactive-rows">
          <legend>List</legend>
          <Input label="Menu button" value={listButton} onChange={setListButton} error={errorAt('interactive.action.button')} />
          <Input label="Section title (optional)" value={section} onChange={setSection} error={errorAt('interactive.action.sections[0].title')} />
          {rows.map((row, i) => (
            <div key={i} className="interactive-row">
              <Input
                label={`Row ${i + 1}`}
                value={row.title}
                onChange={(v) => setRows(rows.map((r, j) => (j === i ? { ...r, title: v } : r)))}
                error={errorAt(`interactive.action.sections[0].rows[${i}].title`) ?? errorAt(`interactive.action.sections[0].rows[${i}]`)}
                remove={rows.length > 1 ? () => setRows(rows.filter((_, j) => j !== i)) : undefined}
              />
              <Input
                label={`Row ${i + 1} description (optional)`}
                value={row.description}
                onChange={(v) => setRows(rows.map((r, j) => (j === i ? { ...r, description: v } : r)))}
                error={errorAt(`interactive.action.sections[0].rows[${i}].description`)}
              />
            </div>
          ))}
          {errorAt('interactive.action.sections[0].rows') || errorAt('interactive.action.sections') ? (
            <p className="field-error" role="alert">
              {errorAt('interactive.action.sections[0].rows') ?? errorAt('interactive.action.sections')}
            </p>
          ) : null}
          {rows.length < MAX_ROWS ? (
            <button type="button" className="link-button" onClick={() => setRows([...rows, { title: '', description: '' }])}>
              + Add a row
            </button>
          ) : null}
        </fieldset>
      )}
      {error && !error.field ? <Notice tone="bad">{error.text}</Notice> : null}
      <Button type="submit" busy={busy}>
        {kind === 'button' ? 'Send buttons' : 'Send list'}
      </Button>
    </form>
  );
}

/** A labelled input (or text area) with the server's complaint under it, and an optional remove button. */
function Input(props: { label: string; value: string; onChange: (v: string) => void; error: string | undefined; multiline?: boolean; maxLength?: number; remove?: (() => void) | undefined }) {
  const { label, value, onChange, error } = props;
  const id = useId();
  const common = { id, value, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined, maxLength: props.maxLength, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  const control: ReactNode = props.multiline ? <textarea rows={2} {...common} /> : <input {...common} />;
  return (
    <div className={`field interactive-field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <span className="input-with-remove">
        {control}
        {props.remove ? (
          <button type="button" className="link-button" aria-label={`Remove ${label.toLowerCase()}`} onClick={props.remove}>
            ✕
          </button>
        ) : null}
      </span>
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
