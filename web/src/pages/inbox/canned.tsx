import { useState, type FormEvent } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { Button } from '../../components/ui.tsx';
import { inboxApi } from './api.ts';
import type { CannedReply } from './model.ts';

type Errors = Partial<Record<'shortcut' | 'text', string>>;

const errorsOf = (e: unknown): Errors => {
  const field = e instanceof ApiError ? e.fieldAmong(['shortcut', 'text']) : undefined;
  return { [field ?? 'text']: messageOf(e) };
};

/** The team's canned replies: typed as `/shortcut` in the composer; added, changed and removed here. */
export function CannedManager({ canned, reload }: { canned: readonly CannedReply[]; reload: () => Promise<void> }) {
  const [editing, setEditing] = useState<string>();
  return (
    <details className="canned-manager">
      <summary>Canned replies ({canned.length})</summary>
      <div className="canned-panel">
        <ul className="canned-list">
          {canned.map((c) =>
            editing === c.id ? (
              <li key={c.id}>
                <CannedForm
                  initial={c}
                  onSave={async (input) => {
                    await inboxApi.updateCanned(c.id, input);
                    setEditing(undefined);
                    await reload();
                  }}
                  onCancel={() => setEditing(undefined)}
                />
              </li>
            ) : (
              <li key={c.id} className="canned-item">
                <div>
                  <span className="mono">/{c.shortcut}</span>
                  <p className="small canned-text">{c.text}</p>
                </div>
                <div className="canned-buttons">
                  <button type="button" className="link-button" onClick={() => setEditing(c.id)}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="link-button danger"
                    onClick={() => {
                      if (confirm(`Delete the canned reply /${c.shortcut}?`)) void inboxApi.deleteCanned(c.id).then(reload, () => undefined);
                    }}
                  >
                    Delete
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
        <CannedForm
          onSave={async (input) => {
            await inboxApi.createCanned(input);
            await reload();
          }}
        />
      </div>
    </details>
  );
}

function CannedForm({ initial, onSave, onCancel }: { initial?: CannedReply; onSave: (input: { shortcut: string; text: string }) => Promise<void>; onCancel?: () => void }) {
  const [shortcut, setShortcut] = useState(initial?.shortcut ?? '');
  const [text, setText] = useState(initial?.text ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      await onSave({ shortcut: shortcut.trim().replace(/^\//, ''), text: text.trim() });
      if (!initial) {
        setShortcut('');
        setText('');
      }
    } catch (e) {
      setErrors(errorsOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="canned-form" onSubmit={(e) => void submit(e)}>
      <label className="stacked">
        Shortcut
        <input value={shortcut} onChange={(e) => setShortcut(e.target.value)} placeholder="thanks" maxLength={33} aria-invalid={errors.shortcut ? true : undefined} />
      </label>
      {errors.shortcut ? <p className="field-error">{errors.shortcut}</p> : null}
      <label className="stacked">
        Text
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={4096} aria-invalid={errors.text ? true : undefined} />
      </label>
      {errors.text ? <p className="field-error">{errors.text}</p> : null}
      <div className="canned-buttons">
        <Button type="submit" variant="secondary" busy={busy} disabled={!shortcut.trim() || !text.trim()}>
          {initial ? 'Save' : 'Add canned reply'}
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  );
}
