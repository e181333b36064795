import type { ReactNode } from 'react';
import { roleName } from '../permissions.ts';
import { Link } from '../router.tsx';
import { useSession, type Session } from '../session.tsx';
import { Button } from './ui.tsx';

export interface Screen {
  readonly path: string;
  readonly label: string;
  readonly icon: string;
  readonly shown: (session: Session) => boolean;
  /** Draws the screen; `open` lists the screens the member's role opens. */
  readonly render: (open: readonly Screen[]) => ReactNode;
}

/** The frame around every screen: the business and the member on top, the screens their role opens beside (or below, on a phone). */
export function Shell({ screens, allScreens, path }: { screens: readonly Screen[]; allScreens: readonly Screen[]; path: string }) {
  const session = useSession();
  const { user } = session.me;
  const current = matchScreen(allScreens, path);
  const allowed = current && screens.includes(current);
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✆
          </span>
          chatapp
        </Link>
        <span className="business-name" title={`Business ${session.me.business?.id ?? ''}`}>
          {session.me.business?.name}
        </span>
        <div className="whoami">
          <span className="whoami-name" title={user.email}>
            {user.name || user.email}
          </span>
          <span className="role" data-testid="role">
            {roleName[user.role]}
          </span>
          <Button variant="ghost" onClick={() => void session.signOut()}>
            Sign out
          </Button>
        </div>
      </header>
      <nav className="nav" aria-label="Screens">
        {screens.map((s) => (
          <Link key={s.path} to={s.path} className={`nav-item${s === current ? ' active' : ''}`} aria-current={s === current ? 'page' : undefined}>
            <span className="nav-icon" aria-hidden="true">
              {s.icon}
            </span>
            <span className="nav-label">{s.label}</span>
          </Link>
        ))}
      </nav>
      <main className="content">
        {!current ? (
          <div className="empty">
            <h1>Not found</h1>
            <p>
              There is no screen at <code>{path}</code>. <Link to="/">Back to the overview</Link>
            </p>
          </div>
        ) : !allowed ? (
          <div className="empty">
            <h1>{current.label}</h1>
            <p>
              {current.path === '/phone'
                ? 'The phone simulator is part of the sandbox; this chatapp talks to the real WhatsApp platform.'
                : `Your role (${roleName[user.role]}) does not include this screen. An Admin of your business can change your role.`}
            </p>
          </div>
        ) : (
          current.render(screens)
        )}
      </main>
    </div>
  );
}

function matchScreen(screens: readonly Screen[], path: string): Screen | undefined {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return screens.find((s) => (s.path === '/' ? trimmed === '/' : trimmed === s.path || trimmed.startsWith(`${s.path}/`)));
}
