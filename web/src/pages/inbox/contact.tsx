import { useEffect, useState, type FormEvent } from 'react';
import { messageOf } from '../../api.ts';
import { Badge, Button } from '../../components/ui.tsx';
import { inboxApi } from './api.ts';
import { WindowCountdown } from './clock.tsx';
import { customerName, type AdReferral, type Contact, type Conversation } from './model.ts';

/**
 * The customer: profile name, number, the window, labels (shared by every conversation with them)
 * and their other conversations (with other numbers of the business).
 */
export function ContactPanel({ c, refresh, knownLabels, onLabels }: { c: Conversation; refresh: number; knownLabels: readonly string[]; onLabels: (labels: string[]) => void }) {
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string>();
  const [contact, setContact] = useState<Contact>();
  const waId = c.customer.wa_id;
  const others = (contact?.conversations ?? []).filter((x) => x.id !== c.id);

  // Read again when a message comes or goes: an ad click or a reply changes the referral's windows.
  const lastMessage = c.last_message?.id;
  useEffect(() => {
    let live = true;
    inboxApi.contact(waId).then(
      (found) => live && setContact(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [waId, c.id, lastMessage, refresh]);

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
      {contact ? <Consent contact={contact} /> : null}
      {contact?.ad_referral ? <Referral referral={contact.ad_referral} /> : null}
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

const when = (seconds: number) => new Date(seconds * 1000).toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** Marketing consent as far as chatapp has seen it: Meta tells of an opt-out only by failing a marketing send with 131050. */
function Consent({ contact }: { contact: Contact }) {
  const m = contact.marketing;
  return (
    <dl className="facts" data-testid="marketing">
      <dt>Marketing</dt>
      <dd>
        {m.opted_out ? (
          <>
            <Badge tone="bad">Opted out</Badge> since {when(m.since!)}
            <span className="muted small block" title={m.evidence ?? ''}>
              Send only service and utility messages.
            </span>
          </>
        ) : (
          <span title="chatapp learns of an opt-out when Meta fails a marketing message with 131050">No opt-out seen</span>
        )}
      </dd>
    </dl>
  );
}

const entryPointWords = (fep: AdReferral['free_entry_point']): { tone: 'good' | 'info' | 'muted'; text: string } => {
  switch (fep.state) {
    case 'open':
      return { tone: 'good', text: `Free entry point open until ${when(fep.until!)}: every message is free, templates too` };
    case 'reply_to_open':
      return { tone: 'info', text: `Reply before ${when(fep.reply_by!)} to open 72 free hours` };
    case 'ended':
      return { tone: 'muted', text: `Free entry point ended ${when(fep.until!)}` };
    case 'not_opened':
      return { tone: 'muted', text: 'No free entry point: the business did not answer within 24 hours of the click' };
  }
};

/** The Click-to-WhatsApp ad (or post) the customer wrote from, and the free entry point it may open (spec §4.4, §6.2). */
function Referral({ referral }: { referral: AdReferral }) {
  const fep = entryPointWords(referral.free_entry_point);
  return (
    <section className="referral" data-testid="ad-referral" aria-label="Ad referral">
      <h3>Came from {referral.source_type === 'post' ? 'a post' : 'an ad'}</h3>
      {referral.image_url ? <img className="referral-image" src={referral.image_url} alt="" loading="lazy" /> : null}
      {referral.headline ? <p className="referral-headline">{referral.headline}</p> : null}
      {referral.body ? <p className="small">{referral.body}</p> : null}
      <dl className="facts">
        <dt>Source</dt>
        <dd>
          {referral.source_type ?? 'ad'}
          {referral.source_url ? (
            <>
              {' · '}
              <a href={referral.source_url} target="_blank" rel="noreferrer">
                {referral.source_url.replace(/^https?:\/\//, '')}
              </a>
            </>
          ) : null}
        </dd>
        <dt>Clicked</dt>
        <dd>{when(referral.timestamp)}</dd>
        {referral.ctwa_clid ? (
          <>
            <dt>Click id</dt>
            <dd className="mono small ellipsis" title={referral.ctwa_clid}>
              {referral.ctwa_clid}
            </dd>
          </>
        ) : null}
      </dl>
      <p className={`small fep fep-${referral.free_entry_point.state}`} data-testid="free-entry-point">
        <Badge tone={fep.tone}>{referral.free_entry_point.state === 'open' ? 'Free' : referral.free_entry_point.state === 'reply_to_open' ? 'Reply to open' : 'Closed'}</Badge> {fep.text}
      </p>
    </section>
  );
}
