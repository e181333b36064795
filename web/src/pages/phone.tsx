import { useCallback, useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../api.ts';
import { Button, Card, Field, Notice, PageHeader } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { can } from '../permissions.ts';
import { setQuery, useLocation } from '../router.tsx';
import { useSession } from '../session.tsx';
import type { Overview, SimUser } from '../types.ts';
import { PhoneChat, type Prefill } from './phone/chat.tsx';
import { SandboxClock } from './phone/clock.tsx';
import { WaLinkForm } from './phone/wa-link-form.tsx';

const sendingStatuses = ['CONNECTED', 'FLAGGED', 'RESTRICTED'];

/**
 * The sandbox's WhatsApp phone: be any simulated user, write to one of the business's numbers and
 * see what the phone shows. The choice of user and number lives in the URL (`?user=…&number=…`).
 */
export function PhonePage() {
  const { me } = useSession();
  const { query } = useLocation();
  const users = usePolling(() => api.get<{ data: SimUser[] }>('/simulator/users').then((r) => r.data), 5000, []);
  const canListNumbers = can(me.user.role, 'numbers.read');
  const numbers = usePolling(
    () =>
      canListNumbers
        ? api.get<Overview>('/console/api/wabas').then((o) => o.wabas.flatMap((w) => w.phone_numbers.filter((n) => sendingStatuses.includes(n.status))))
        : Promise.resolve([]),
    undefined,
    [canListNumbers],
  );
  const user = query.get('user') ?? users.data?.[0]?.wa_id ?? '';
  const number = query.get('number') ?? numbers.data?.[0]?.id ?? '';
  const [prefill, setPrefill] = useState<Prefill>();
  const prefilled = useCallback(() => setPrefill(undefined), []);

  return (
    <>
      <PageHeader title="Phone simulator">
        <SandboxClock />
      </PageHeader>
      <div className="phone-layout">
        <aside className="phone-side">
          <Card title="Business number">
            {canListNumbers ? (
              <label className="stacked">
                Write to
                <select value={number} onChange={(e) => setQuery({ number: e.target.value })} aria-label="Business number">
                  {(numbers.data ?? []).map((n) => (
                    <option key={n.id} value={n.id}>
                      {n.verified_name} · {n.display_phone_number}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <Field label="Phone number id" value={number} onChange={(e) => setQuery({ number: e.target.value.replace(/\D/g, '') })} hint="Your role does not list numbers; paste the id." />
            )}
            {numbers.data && numbers.data.length === 0 && canListNumbers ? <p className="muted">No registered number yet.</p> : null}
          </Card>
          <Card title="Simulated users">
            {users.error ? <Notice tone="bad">{users.error}</Notice> : null}
            <ul className="user-list">
              {[...(users.data ?? []), ...(user && !users.data?.some((u) => u.wa_id === user) ? [{ wa_id: user, profile_name: '', behaviour: {} }] : [])].map((u) => (
                <li key={u.wa_id}>
                  <button type="button" className={`user-item${u.wa_id === user ? ' active' : ''}`} onClick={() => setQuery({ user: u.wa_id })} aria-pressed={u.wa_id === user}>
                    <span className="avatar" aria-hidden="true">
                      {(u.profile_name || '#').slice(0, 1).toUpperCase()}
                    </span>
                    <span>
                      <span className="user-name">{u.profile_name || 'Unnamed user'}</span>
                      <span className="muted small">+{u.wa_id}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            <NewUser
              onCreated={(u) => {
                setQuery({ user: u.wa_id });
                void users.reload();
              }}
            />
          </Card>
          <Card title="Open a wa.me link">
            <WaLinkForm
              user={user}
              numbers={canListNumbers ? (numbers.data ?? 'loading') : 'hidden'}
              onOpen={(n, text) => {
                setPrefill({ user, phoneNumberId: n.id, text });
                setQuery({ user, number: n.id });
              }}
            />
          </Card>
        </aside>
        {user && number ? (
          <PhoneChat key={`${user}:${number}`} user={user} phoneNumberId={number} prefill={prefill} onPrefilled={prefilled} />
        ) : (
          <div className="phone phone-empty">
            <p>{user ? 'Choose a business number to write to.' : 'Create a simulated user to start a chat.'}</p>
            {!user && users.data?.length === 0 ? (
              <QuickStart
                onCreated={(u) => {
                  setQuery({ user: u.wa_id });
                  void users.reload();
                }}
              />
            ) : null}
          </div>
        )}
      </div>
    </>
  );
}

/** A first visit has no simulated user yet: one click makes an example one, so the round trip starts at once. */
function QuickStart({ onCreated }: { onCreated: (user: SimUser) => void }) {
  const [problem, setProblem] = useState<string>();
  async function start() {
    try {
      onCreated(await api.post<SimUser>('/simulator/users', { phone: '+44 7700 900123', profile_name: 'Alex' }));
    } catch (e) {
      setProblem(messageOf(e));
    }
  }
  return (
    <>
      <Button onClick={() => void start()}>Start as Alex (+44 7700 900123)</Button>
      {problem ? <Notice tone="bad">{problem}</Notice> : null}
    </>
  );
}

function NewUser({ onCreated }: { onCreated: (user: SimUser) => void }) {
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      onCreated(await api.post<SimUser>('/simulator/users', { phone: phone.trim(), ...(name.trim() ? { profile_name: name.trim() } : {}) }));
      setPhone('');
      setName('');
    } catch (e) {
      const field = e instanceof ApiError ? e.fieldAmong(['phone', 'profile_name']) : undefined;
      setErrors({ [field ?? 'phone']: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="new-user" onSubmit={(e) => void submit(e)}>
      <h3>New user</h3>
      <Field label="Phone" type="tel" placeholder="+44 7700 900123" value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.phone} />
      <Field label="Profile name" placeholder="Alex" value={name} onChange={(e) => setName(e.target.value)} error={errors.profile_name} />
      <Button type="submit" variant="secondary" busy={busy} disabled={!phone.trim()}>
        Create user
      </Button>
    </form>
  );
}
