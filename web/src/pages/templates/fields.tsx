import { useId } from 'react';

/** The studio's own form pieces beside ui.tsx's Field: a select and a textarea, with their findings under them. */
export function Errors({ messages }: { messages: readonly string[] }) {
  return (
    <>
      {messages.map((m) => (
        <p key={m} className="field-error">
          {m}
        </p>
      ))}
    </>
  );
}

export function TextArea({ label, value, onChange, invalid }: { label: string; value: string; onChange: (value: string) => void; invalid: boolean }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={5} value={value} aria-invalid={invalid || undefined} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

export function Select(props: { label: string; value: string; options: readonly string[]; words?: Record<string, string>; errors?: string[]; disabled?: boolean; onChange: (value: string) => void }) {
  const id = useId();
  const errors = props.errors ?? [];
  return (
    <div className={`field${errors.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} disabled={props.disabled} aria-invalid={errors.length ? true : undefined} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o} value={o}>
            {props.words?.[o] ?? o}
          </option>
        ))}
      </select>
      <Errors messages={errors} />
    </div>
  );
}

