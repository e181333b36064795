import { useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { Card, Notice } from '../../components/ui.tsx';
import { can } from '../../permissions.ts';
import type { MemberRole } from '../../types.ts';
import { inboxApi } from './api.ts';
import type { Agent } from './model.ts';

/**
 * How new conversations find an agent. With auto-assignment on, a customer's first message goes to
 * the next online agent in turn (round robin, src/inbox/model.ts nextInRotation); off, they wait
 * unassigned for someone to claim them. Everyone sees the setting; only an Admin changes it.
 */
export function InboxSettings({ role, agents }: { role: MemberRole; agents: readonly Agent[] }) {
  const [autoAssign, setAutoAssign] = useState<boolean>();
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const admin = can(role, 'members.manage');

  useEffect(() => {
    inboxApi.settings().then(
      (s) => setAutoAssign(s.auto_assign),
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);

  /** Shown switched at once; put back if the server refuses. */
  async function change(next: boolean) {
    const before = autoAssign;
    setAutoAssign(next);
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      setAutoAssign((await inboxApi.saveSettings({ auto_assign: next })).auto_assign);
      setSaved(true);
    } catch (e) {
      setAutoAssign(before);
      setError(messageOf(e));
    } finally {
      setSaving(false);
    }
  }

  const online = agents.filter((a) => a.online);
  return (
    <Card title="Auto-assignment" className="inbox-settings">
      {autoAssign === undefined && !error ? <p className="muted">Loading…</p> : null}
      {autoAssign !== undefined ? (
        <div className={`field${error ? ' field-invalid' : ''}`}>
          <label className="switch-row">
            <input type="checkbox" role="switch" checked={autoAssign} disabled={!admin || saving} onChange={(e) => void change(e.target.checked)} aria-describedby="auto-assign-help" />
            <span>Assign new conversations automatically, in turn among online agents</span>
          </label>
          <p className="field-hint" id="auto-assign-help">
            {autoAssign ? 'On: a customer’s first message goes to the next online agent (round robin). With nobody online it waits unassigned.' : 'Off: new conversations wait unassigned until an agent claims them.'}
          </p>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          {saved ? <p className="small" role="status">Saved.</p> : null}
        </div>
      ) : error ? (
        <Notice tone="bad">{error}</Notice>
      ) : null}
      {!admin ? <p className="muted small">Only an Admin can change this.</p> : null}
      <h3>Online now ({online.length})</h3>
      <ul className="plain-list small" aria-label="Online agents">
        {online.map((a) => (
          <li key={a.id}>{a.name || a.email}</li>
        ))}
        {online.length === 0 ? <li className="muted">Nobody: new conversations stay unassigned.</li> : null}
      </ul>
    </Card>
  );
}
