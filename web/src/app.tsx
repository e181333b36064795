import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onSessionExpired, setCsrfToken } from './api.ts';
import { Shell, type Screen } from './components/shell.tsx';
import { can } from './permissions.ts';
import { AnalyticsPage } from './pages/analytics.tsx';
import { DevelopersPage } from './pages/developers.tsx';
import { InboxPage } from './pages/inbox.tsx';
import { LoginPage } from './pages/login.tsx';
import { NumbersPage } from './pages/numbers.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { PhonePage } from './pages/phone.tsx';
import { TemplatesPage } from './pages/templates.tsx';
import { navigate, useLocation } from './router.tsx';
import { SessionContext, type Session } from './session.tsx';
import type { Me } from './types.ts';

type State = { kind: 'loading' } | { kind: 'signedOut'; expired: boolean } | { kind: 'signedIn'; me: Me };

/** The console's screens; each is listed for the roles (and installs) whose APIs would answer it. */
export const screens: readonly Screen[] = [
  { path: '/', label: 'Overview', icon: '◎', shown: () => true, render: (open) => <OverviewPage open={open.filter((s) => s.path !== '/')} /> },
  { path: '/inbox', label: 'Inbox', icon: '✉', shown: (s) => can(s.me.user.role, 'inbox.use'), render: () => <InboxPage /> },
  { path: '/numbers', label: 'Numbers & health', icon: '☎', shown: (s) => can(s.me.user.role, 'numbers.read'), render: () => <NumbersPage /> },
  { path: '/phone', label: 'Phone simulator', icon: '☏', shown: (s) => s.sandbox, render: () => <PhonePage /> },
  { path: '/templates', label: 'Template studio', icon: '✎', shown: (s) => can(s.me.user.role, 'templates.manage') && can(s.me.user.role, 'numbers.read'), render: () => <TemplatesPage /> },
  { path: '/analytics', label: 'Analytics', icon: '▤', shown: (s) => can(s.me.user.role, 'analytics.read'), render: () => <AnalyticsPage /> },
  {
    path: '/developers',
    label: 'Developers',
    icon: '⌘',
    shown: (s) => can(s.me.user.role, 'apps.manage') || can(s.me.user.role, 'tokens.manage'),
    render: () => <DevelopersPage />,
  },
];

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  // Unknown until a signed-in member has asked: a deep link to the phone waits for the answer instead of flashing "not in the sandbox".
  const [sandbox, setSandbox] = useState<boolean | undefined>(undefined);
  const { path, query } = useLocation();

  useEffect(() => {
    onSessionExpired(() => setState((s) => (s.kind === 'signedIn' ? { kind: 'signedOut', expired: true } : s)));
    api.get<Me>('/console/api/me').then(
      (me) => {
        setCsrfToken(me.user.csrf_token);
        setState({ kind: 'signedIn', me });
      },
      () => setState({ kind: 'signedOut', expired: false }),
    );
    return () => onSessionExpired(undefined);
  }, []);

  // The sandbox answers only a signed-in member (its routes need the business's credentials): ask once signed in.
  const signedInNow = state.kind === 'signedIn';
  useEffect(() => {
    if (!signedInNow) return;
    api.get('/simulator/clock').then(
      () => setSandbox(true),
      () => setSandbox(false),
    );
  }, [signedInNow]);

  // Signed out: the login page remembers where the member was, to go back there after signing in.
  useEffect(() => {
    if (state.kind === 'signedOut' && path !== '/login') navigate(`/login?next=${encodeURIComponent(`${path}${location.search}`)}`, { replace: true });
    if (state.kind === 'signedIn' && path === '/login') navigate(safeNext(query.get('next')), { replace: true });
  }, [state.kind, path, query]);

  // A screen that only talks to the simulator would not notice an expired session: ask now and then, and on return to the tab.
  useEffect(() => {
    if (state.kind !== 'signedIn') return;
    const check = () => document.visibilityState === 'visible' && void api.get('/console/api/me').catch(() => undefined);
    const timer = setInterval(check, 60_000);
    document.addEventListener('visibilitychange', check);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
    };
  }, [state.kind]);

  const signedIn = useCallback((me: Me) => {
    setCsrfToken(me.user.csrf_token);
    setState({ kind: 'signedIn', me });
  }, []);

  const session = useMemo<Session | undefined>(
    () =>
      state.kind === 'signedIn'
        ? {
            me: state.me,
            sandbox: sandbox ?? false,
            signOut: async () => {
              await api.delete('/console/api/session').catch(() => undefined);
              setCsrfToken('');
              setState({ kind: 'signedOut', expired: false });
            },
          }
        : undefined,
    [state, sandbox],
  );

  if (state.kind === 'loading' || (state.kind === 'signedIn' && sandbox === undefined)) return <Splash>Loading…</Splash>;
  if (state.kind === 'signedOut' || !session) return <LoginPage expired={state.kind === 'signedOut' && state.expired} onSignedIn={signedIn} />;
  return (
    <SessionContext.Provider value={session}>
      <Shell screens={screens.filter((s) => s.shown(session))} allScreens={screens} path={path} />
    </SessionContext.Provider>
  );
}

/** Only a path of this console, never another origin (`//evil.example`). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}

function Splash({ children }: { children: ReactNode }) {
  return <div className="splash">{children}</div>;
}
