import { useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../../api.ts';
import { Badge, Button, Card, formatIso, Notice } from '../../components/ui.tsx';
import { usePolling } from '../../hooks.ts';
import type { AppView, SystemUserView, TokenView } from '../../types.ts';
import { Secret } from './secret.tsx';

const scopes = ['whatsapp_business_messaging', 'whatsapp_business_management'] as const;
const lifetimes = [
  { label: 'Never expires', seconds: undefined },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '60 days', seconds: 60 * 86_400 },
] as const;

/** System users' access tokens: issued here (the token is shown once), listed by hint, revoked. */
export function TokensSection({ apps }: { apps: readonly AppView[] }) {
  const tokens = usePolling(() => api.get<{ data: TokenView[] }>('/console/api/tokens').then((r) => r.data), undefined, []);
  const users = usePolling(() => api.get<{ data: SystemUserView[] }>('/console/api/system-users').then((r) => r.data), undefined, []);
  const [issued, setIssued] = useState<string>();
  const [error, setError] = useState<string>();

  async function revoke(token: TokenView) {
    if (!confirm(`Revoke the token ${token.label || token.hint}? Systems using it stop working at once.`)) return;
    try {
      await api.delete(`/console/api/tokens/${token.id}`);
      await tokens.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  }

  return (
    <Card title="Access tokens">
      {tokens.error || error ? <Notice tone="bad">{tokens.error ?? error}</Notice> : null}
      {issued ? (
        <Notice tone="good">
          Copy the new token now: chatapp keeps only its hash and will not show it again.
          <Secret label="Access token" value={issued} />
        </Notice>
      ) : null}
      <NewToken
        apps={apps}
        users={users.data ?? []}
        onIssued={(token) => {
          setIssued(token);
          void tokens.reload();
        }}
      />
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>Label</th>
              <th>Token</th>
              <th>Scopes</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(tokens.data ?? []).map((t) => (
              <tr key={t.id} className={t.revoked_time ? 'revoked' : undefined}>
                <td>{t.label || '—'}</td>
                <td className="mono">{t.hint}</td>
                <td>{t.scopes.map((s) => s.replace('whatsapp_business_', '')).join(', ')}</td>
                <td>{formatIso(t.created_time)}</td>
                <td>{formatIso(t.last_used_time)}</td>
                <td>{t.expires_time ? formatIso(t.expires_time) : 'never'}</td>
                <td>
                  {t.revoked_time ? (
                    <Badge tone="bad">revoked</Badge>
                  ) : (
                    <Button variant="danger" onClick={() => void revoke(t)}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function NewToken({ apps, users, onIssued }: { apps: readonly AppView[]; users: readonly SystemUserView[]; onIssued: (token: string) => void }) {
  const [userId, setUserId] = useState('');
  const [appId, setAppId] = useState('');
  const [chosen, setChosen] = useState<string[]>([...scopes]);
  const [lifetime, setLifetime] = useState(0);
  const [label, setLabel] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const systemUser = userId || users[0]?.id || '';
  const app = appId || apps[0]?.id || '';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const expires = lifetimes[lifetime]?.seconds;
      const body = { app_id: app, scopes: chosen, ...(label.trim() ? { label: label.trim() } : {}), ...(expires ? { expires_in: expires } : {}) };
      const answer = await api.post<{ access_token: string }>(`/console/api/system-users/${systemUser}/tokens`, body);
      onIssued(answer.access_token);
      setLabel('');
    } catch (e) {
      const field = e instanceof ApiError ? e.fieldAmong(['app_id', 'scopes', 'label', 'expires_in']) : undefined;
      setErrors({ [field ?? 'form']: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="token-form" onSubmit={(e) => void submit(e)}>
      <label>
        System user
        <select value={systemUser} onChange={(e) => setUserId(e.target.value)}>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name} ({u.role})
            </option>
          ))}
        </select>
      </label>
      <label>
        App
        <select value={app} onChange={(e) => setAppId(e.target.value)} aria-invalid={errors.app_id ? true : undefined}>
          {apps.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        {errors.app_id ? <span className="field-error">{errors.app_id}</span> : null}
      </label>
      <fieldset>
        <legend>Permissions</legend>
        {scopes.map((s) => (
          <label key={s} className="check">
            <input type="checkbox" checked={chosen.includes(s)} onChange={(e) => setChosen(e.target.checked ? [...chosen, s] : chosen.filter((c) => c !== s))} />
            {s}
          </label>
        ))}
        {errors.scopes ? <span className="field-error">{errors.scopes}</span> : null}
      </fieldset>
      <label>
        Expires
        <select value={lifetime} onChange={(e) => setLifetime(Number(e.target.value))}>
          {lifetimes.map((l, i) => (
            <option key={l.label} value={i}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Label
        <input value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. CRM production" maxLength={100} />
        {errors.label ? <span className="field-error">{errors.label}</span> : null}
      </label>
      <div className="token-submit">
        <Button type="submit" busy={busy} disabled={!systemUser || !app}>
          Create token
        </Button>
        {errors.form ? <span className="field-error">{errors.form}</span> : null}
      </div>
    </form>
  );
}
