import type { Screen } from '../components/shell.tsx';
import { Badge, Card, PageHeader } from '../components/ui.tsx';
import { roleName } from '../permissions.ts';
import { Link } from '../router.tsx';
import { useSession } from '../session.tsx';

const about: Record<string, string> = {
  '/inbox': 'The shared inbox: conversations live as customers write, claim and assign them, answer inside the 24-hour window or with a template, notes and labels.',
  '/numbers': 'Your WhatsApp Business Accounts and numbers: status, quality rating, messaging limit, throughput and what to do when something is wrong.',
  '/phone': 'Be a customer: pick a simulated WhatsApp user, write to your business number, tap buttons, read, block or report, and move the sandbox clock.',
  '/developers': 'Apps, access tokens (shown once), the webhook URL and every webhook delivery with its attempts and a replay button.',
  '/templates': 'Create and edit message templates with a live preview and the review rules checked as you type; status, quality and a test send.',
  '/analytics': 'Delivery and read rates, volumes, failure reasons, sessions, response times and cost by category and country, with CSV export.',
};

/** Where a member lands: who they are, which business, and the screens their role opens. */
export function OverviewPage({ open }: { open: readonly Screen[] }) {
  const session = useSession();
  const { user, business } = session.me;
  return (
    <>
      <PageHeader title={business?.name ?? 'Your business'}>
        <Badge tone={business?.verification_status === 'verified' ? 'good' : 'muted'}>Business verification: {business?.verification_status ?? 'unknown'}</Badge>
      </PageHeader>
      <p className="lead">
        Signed in as <strong>{user.email}</strong>, {roleName[user.role]}.
      </p>
      <div className="grid">
        {open.map((s) => (
          <Card key={s.path} title={s.label} className="link-card">
            <p>{about[s.path]}</p>
            <Link to={s.path}>Open {s.label.toLowerCase()} →</Link>
          </Card>
        ))}
        {open.length === 0 ? (
          <Card title="Nothing to open yet">
            <p>Your role reads analytics and messages; those screens are on their way. The API documentation is at <a href="/docs">/docs</a>.</p>
          </Card>
        ) : null}
      </div>
      {session.sandbox ? (
        <Card title="Try the round trip">
          <ol className="steps">
            <li>
              Open the <Link to="/phone">phone simulator</Link>, pick or create a user and write to your business number.
            </li>
            <li>
              Answer from the <Link to="/inbox">inbox</Link>, or through the Cloud API (<code>POST /v23.0/&lt;phone-number-id&gt;/messages</code>, see <a href="/docs">/docs</a>) with the token <code>npm start</code> printed.
            </li>
            <li>Watch the phone: your reply arrives with its ticks; reading it turns them blue.</li>
          </ol>
        </Card>
      ) : null}
    </>
  );
}
