import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api.ts';
import { Button } from '../../components/ui.tsx';
import { inboxApi } from './api.ts';
import { WindowCountdown } from './clock.tsx';
import { customerName, type Conversation } from './model.ts';

/**
 * The customer: profile name, number, the window, labels (shared by every conversation with them)
 * and their other conversations (with other numbers of the business).
 */
export function ContactPanel({ c, knownLabels, onLabels }: { c: Conversation; knownLabels: readonly string[]; onLabels: (labels: string[]) => void }) {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string>();
  const [others, setOthers] = useState<Conversation[]>([]);
  const waId = c.customer.wa_id;

  useEffect(() => {
    let live = true;
    inboxApi.contact(waId).then(
      (contact) => live && setOthers(contact.conversations.filter((x) => x.id !== c.id)),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [waId, c.id]);

  async function change(run: () => Promise<{ labels: string[] }>) {
    setError(undefined);
    try {
      onLabels((await run()).labels);
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (label.trim() && (await change(() => inboxApi.addLabel(waId, label.trim())))) setLabel('');
  }

  return (
    <aside className="contact-panel" aria-label="Contact">
      <div className="contact-head">
        <span className="avatar avatar-large" aria-hidden="true">
          {customerName(c).replace('+', '').slice(0, 1).toUpperCase()}
        </span>
        <div>
          <div className="contact-name">{c.customer.profile_name || 'No profile name'}</div>
          <div className="muted small">+{waId}</div>
        </div>
      </div>
      <dl className="facts">
        <dt>Window</dt>
        <dd>
          <WindowCountdown expiresAt={c.window_expires_at} long />
        </dd>
        <dt>Status</dt>
        <dd>
          {c.status}
          {c.snoozed_until ? ` until ${new Date(c.snoozed_until * 1000).toLocaleString()}` : ''}
        </dd>
        <dt>Since</dt>
        <dd>{new Date(c.created_time * 1000).toLocaleDateString()}</dd>
      </dl>
      <h3>Labels</h3>
      <ul className="labels" aria-label="Labels">
        {c.labels.map((l) => (
          <li key={l} className="label-chip">
            {l}
            <button type="button" className="label-remove" aria-label={`Remove label ${l}`} onClick={() => void change(() => inboxApi.removeLabel(waId, l))}>
              ×
            </button>
          </li>
        ))}
        {c.labels.length === 0 ? <li className="muted small">None yet</li> : null}
      </ul>
      <form className="label-form" onSubmit={(e) => void add(e)}>
        <input aria-label="New label" placeholder="Add a label" value={label} onChange={(e) => setLabel(e.target.value)} list="inbox-known-labels" maxLength={50} />
        <datalist id="inbox-known-labels">
          {knownLabels.filter((l) => !c.labels.includes(l)).map((l) => (
            <option key={l} value={l} />
          ))}
        </datalist>
        <Button type="submit" variant="secondary" disabled={!label.trim()}>
          Add
        </Button>
      </form>
      {error ? <p className="field-error">{error}</p> : null}
      {others.length ? (
        <>
          <h3>Other conversations</h3>
          <ul className="plain-list small">
            {others.map((o) => (
              <li key={o.id}>
                {o.status} · number {o.phone_number_id} · {o.last_message?.preview ?? ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </aside>
  );
}
