import { Notice, PageHeader } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { can } from '../permissions.ts';
import { useSession } from '../session.tsx';
import { numbersApi } from './numbers/api.ts';
import { BusinessPanel } from './numbers/business-panel.tsx';
import { NewWaba } from './numbers/new-waba.tsx';
import { WabaCard } from './numbers/waba-card.tsx';
import { SandboxClock } from './phone/clock.tsx';
import './numbers/numbers.css';

/** How often the screen re-reads: reviews and quality changes arrive on Meta's (or the sandbox's) clock. */
const REFRESH_MS = 3000;

/**
 * Numbers and health: onboarding (WABA, number, code, PIN, display name), business verification and
 * Meta Verified, and each number's standing. Admins act; other roles with the screen only look.
 */
export function NumbersPage() {
  const { me, sandbox } = useSession();
  const screen = usePolling(() => numbersApi.screen(), REFRESH_MS, []);
  const data = screen.data;
  const manageNumbers = can(me.user.role, 'numbers.manage');
  const manageBusiness = can(me.user.role, 'members.manage');
  const refresh = () => void screen.reload();
  return (
    <div className="numbers-page">
      <PageHeader title="Numbers & health">{sandbox ? <SandboxClock /> : null}</PageHeader>
      {screen.error ? <Notice tone="bad">Could not load the accounts: {screen.error}</Notice> : null}
      {screen.loading && !data ? <p className="muted">Loading…</p> : null}
      {!manageNumbers ? <Notice tone="muted">Your role sees this screen read-only; an Admin onboards numbers and applies for verification.</Notice> : null}
      {data ? <BusinessPanel screen={data} canManage={manageBusiness} onChange={refresh} /> : null}
      {data && manageNumbers ? <NewWaba first={data.wabas.length === 0} onCreated={refresh} /> : null}
      {data && data.wabas.length === 0 && !manageNumbers ? <Notice>No WhatsApp Business Account yet.</Notice> : null}
      {data?.wabas.map((waba) => <WabaCard key={waba.id} waba={waba} limit={data.messaging_limit} canManage={manageNumbers} onChange={refresh} />)}
    </div>
  );
}
