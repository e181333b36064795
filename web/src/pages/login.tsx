import { useState, type FormEvent } from 'react';
import { ApiError, messageOf, request } from '../api.ts';
import { Button, Field, Notice } from '../components/ui.tsx';
import type { ConsoleUser, Me } from '../types.ts';

type Errors = Partial<Record<'email' | 'password' | 'form', string>>;

/** Sign in as a member of a business; `npm start` prints the demo business's Admin credentials. */
export function LoginPage({ expired, onSignedIn }: { expired: boolean; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Errors = {};
    if (!email.trim()) missing.email = 'Enter the email you were invited with';
    if (!password) missing.password = 'Enter your password';
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const { user } = await request<{ user: ConsoleUser }>('POST', '/console/api/session', { email: email.trim(), password }, { signIn: true });
      const me = await request<Me>('GET', '/console/api/me');
      onSignedIn({ ...me, user: { ...me.user, csrf_token: me.user.csrf_token || user.csrf_token } });
    } catch (error) {
      // A wrong email or password is one answer (190), shown at the password: the server does not say which.
      if (error instanceof ApiError && error.status === 401) setErrors({ password: error.details });
      else if (error instanceof ApiError && error.fieldAmong(['email', 'password'])) setErrors({ [error.fieldAmong(['email', 'password'])!]: error.details });
      else setErrors({ form: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate>
        <div className="login-brand">
          <span className="brand-mark" aria-hidden="true">
            ✆
          </span>
          <h1>Sign in to chatapp</h1>
        </div>
        {expired ? <Notice tone="warn">Your session has expired. Sign in again to carry on where you were.</Notice> : null}
        {errors.form ? <Notice tone="bad">{errors.form}</Notice> : null}
        <Field label="Email" type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} autoFocus />
        <Field
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <Button type="submit" busy={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </Button>
        <p className="login-hint">
          In the sandbox, <code>npm start</code> prints the demo business’s console email and password.
        </p>
      </form>
    </div>
  );
}
