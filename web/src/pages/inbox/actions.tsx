import { useState } from 'react';
import { messageOf } from '../../api.ts';
import { Button } from '../../components/ui.tsx';
import { inboxApi } from './api.ts';
import { platformNow } from './clock.tsx';
import type { Agent, Conversation } from './model.ts';

/** `datetime-local`'s value for unix seconds (the platform's time, shown in the browser's zone). */
const localInput = (seconds: number) => {
  const d = new Date(seconds * 1000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

/**
 * Who has the conversation and what state it is in: claim, assign, transfer (to any member who can
 * use the inbox, online ones marked), unassign; resolve, snooze until a time, reopen.
 */
export function ConversationActions({ c, agents, me, onChange }: { c: Conversation; agents: readonly Agent[]; me: string; onChange: (c: Conversation) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [snoozing, setSnoozing] = useState(false);
  const [until, setUntil] = useState('');

  async function act(run: () => Promise<Conversation>) {
    setBusy(true);
    setError(undefined);
    try {
      onChange(await run());
      setSnoozing(false);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  const others = agents.filter((a) => a.id !== c.assignee?.id);
  const pickTo = (verb: 'assign' | 'transfer', memberId: string) => memberId && void act(() => (verb === 'assign' ? inboxApi.assign(c.id, memberId) : inboxApi.transfer(c.id, memberId)));
  const snoozeAt = (seconds: number) => act(() => inboxApi.status(c.id, 'snoozed', seconds));

  return (
    <div className="conversation-actions">
      <div className="action-group" aria-label="Assignment">
        {c.assignee === null ? (
          <>
            <Button busy={busy} onClick={() => void act(() => inboxApi.claim(c.id))}>
              Claim
            </Button>
            <select aria-label="Assign to" value="" disabled={busy} onChange={(e) => pickTo('assign', e.target.value)}>
              <option value="">Assign to…</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id === me ? `${a.name} (you)` : a.name}
                  {a.online ? ' ●' : ''}
                </option>
              ))}
            </select>
          </>
        ) : (
          <>
            <select aria-label="Transfer to" value="" disabled={busy || others.length === 0} onChange={(e) => pickTo('transfer', e.target.value)}>
              <option value="">Transfer to…</option>
              {others.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id === me ? `${a.name} (you)` : a.name}
                  {a.online ? ' ●' : ''}
                </option>
              ))}
            </select>
            <Button variant="ghost" busy={busy} onClick={() => void act(() => inboxApi.unassign(c.id))}>
              Unassign
            </Button>
          </>
        )}
      </div>
      <div className="action-group" aria-label="Status">
        {c.status !== 'resolved' ? (
          <Button variant="secondary" busy={busy} onClick={() => void act(() => inboxApi.status(c.id, 'resolved'))}>
            Resolve
          </Button>
        ) : null}
        {c.status !== 'open' ? (
          <Button variant="secondary" busy={busy} onClick={() => void act(() => inboxApi.status(c.id, 'open'))}>
            Reopen
          </Button>
        ) : null}
        <Button
          variant="ghost"
          busy={busy}
          aria-expanded={snoozing}
          onClick={() => {
            setUntil(localInput(platformNow() + 3600));
            setSnoozing(!snoozing);
          }}
        >
          Snooze…
        </Button>
      </div>
      {snoozing ? (
        <div className="snooze" role="group" aria-label="Snooze until">
          <Button variant="ghost" onClick={() => void snoozeAt(platformNow() + 3600)}>
            1 hour
          </Button>
          <Button variant="ghost" onClick={() => void snoozeAt(platformNow() + 4 * 3600)}>
            4 hours
          </Button>
          <Button variant="ghost" onClick={() => void snoozeAt(platformNow() + 24 * 3600)}>
            Tomorrow
          </Button>
          <input type="datetime-local" aria-label="Snooze until" value={until} onChange={(e) => setUntil(e.target.value)} />
          <Button variant="secondary" disabled={!until} onClick={() => void snoozeAt(Math.floor(new Date(until).getTime() / 1000))}>
            Snooze until then
          </Button>
        </div>
      ) : null}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
