import { useId } from 'react';

/** A labelled select with the server's complaint under it, like ui.tsx's Field. */
export function SelectField(props: { label: string; value: string; options: readonly { value: string; label: string }[]; error?: string | undefined; onChange: (value: string) => void }) {
  const id = useId();
  return (
    <div className={`field${props.error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} aria-invalid={props.error ? true : undefined} aria-describedby={props.error ? `${id}-error` : undefined} onChange={(e) => props.onChange(e.target.value)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {props.error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}
