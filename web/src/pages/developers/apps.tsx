import { useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../../api.ts';
import { Badge, Button, Card, Field, Notice } from '../../components/ui.tsx';
import type { Loaded } from '../../hooks.ts';
import type { AppView } from '../../types.ts';
import { Secret } from './secret.tsx';

/** Apps: their secrets masked (shown once, when created), and the webhook URL checked by Meta's handshake before it is kept. */
export function AppsSection({ apps }: { apps: Loaded<AppView[]> }) {
  const [created, setCreated] = useState<AppView>();
  return (
    <Card title="Apps and webhook URL" actions={<NewApp onCreated={(app) => {
            setCreated(app);
            void apps.reload();
          }} />}>
      {apps.error ? <Notice tone="bad">{apps.error}</Notice> : null}
      {created ? (
        <Notice tone="good">
          App <strong>{created.name}</strong> created. Copy its secrets now; they are not shown again.
          <Secret label="App secret" value={created.app_secret} />
          <Secret label="Verify token" value={created.verify_token} />
        </Notice>
      ) : null}
      <div className="apps">
        {(apps.data ?? []).map((app) => (
          <AppRow key={app.id} app={app} onSaved={() => void apps.reload()} />
        ))}
      </div>
    </Card>
  );
}

function AppRow({ app, onSaved }: { app: AppView; onSaved: () => void }) {
  const [url, setUrl] = useState(app.callback_url ?? '');
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<string>();
  const [busy, setBusy] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      await api.patch(`/console/api/apps/${app.id}`, { callback_url: url.trim() === '' ? null : url.trim() });
      setResult(url.trim() ? 'The URL answered the handshake (hub.challenge) and is saved.' : 'The webhook URL is removed; no deliveries until a new one is set.');
      onSaved();
    } catch (e) {
      // The handshake failure (2200) or a bad URL belongs to the URL field.
      setError(e instanceof ApiError ? e.details : messageOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <article className="app" aria-label={`App ${app.name}`}>
      <header className="app-head">
        <strong>{app.name}</strong> <span className="muted small mono">{app.id}</span>
      </header>
      <dl className="facts">
        <dt>App secret</dt>
        <dd className="mono">{app.app_secret}</dd>
        <dt>Verify token</dt>
        <dd className="mono">{app.verify_token}</dd>
        <dt>Fields</dt>
        <dd>
          {app.subscribed_fields.map((f) => (
            <Badge key={f}>{f}</Badge>
          ))}
        </dd>
      </dl>
      <form className="inline-form" onSubmit={(e) => void save(e)}>
        <Field
          label="Webhook URL"
          type="url"
          placeholder="https://crm.example/whatsapp"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={error}
          hint={result ?? 'chatapp sends a GET with hub.challenge and your verify token first, as Meta does.'}
        />
        <Button type="submit" variant="secondary" busy={busy}>
          Save URL
        </Button>
      </form>
    </article>
  );
}

function NewApp({ onCreated }: { onCreated: (app: AppView) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (!open)
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        New app
      </Button>
    );
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      onCreated(await api.post<AppView>('/console/api/apps', { name: name.trim() }));
      setOpen(false);
      setName('');
      setError(undefined);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)}>
      <Field label="App name" value={name} onChange={(e) => setName(e.target.value)} error={error} autoFocus />
      <Button type="submit" busy={busy}>
        Create
      </Button>
      <Button variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </form>
  );
}
