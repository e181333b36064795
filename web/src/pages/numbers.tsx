import { api } from '../api.ts';
import { Badge, Card, Notice, PageHeader, type Tone } from '../components/ui.tsx';
import { usePolling } from '../hooks.ts';
import { useSession } from '../session.tsx';
import type { HealthEntity, NumberOverview, Overview, WabaOverview } from '../types.ts';

const statusTone = (status: string): Tone => (status === 'CONNECTED' ? 'good' : status === 'FLAGGED' ? 'warn' : status === 'RESTRICTED' || status === 'BANNED' ? 'bad' : 'muted');
const qualityTone: Record<string, Tone> = { GREEN: 'good', YELLOW: 'warn', RED: 'bad' };
const qualityWords: Record<string, string> = { GREEN: 'High', YELLOW: 'Medium', RED: 'Low', UNKNOWN: 'Not yet rated' };
const sendTone: Record<string, Tone> = { AVAILABLE: 'good', LIMITED: 'warn', BLOCKED: 'bad' };

/** TIER_2K → "2K"; the limit counts unique customers a business may start conversations with in 24 hours. */
const tierWords = (tier: string): string => (tier === 'TIER_UNLIMITED' ? 'Unlimited' : tier.replace(/^TIER_/, ''));
const throughputWords = (t: NumberOverview['throughput']): string => {
  const level = typeof t === 'string' ? t : (t.level ?? 'STANDARD');
  return level === 'HIGH' ? 'High (up to 1,000 messages/s)' : 'Standard (up to 80 messages/s)';
};

/** Every WABA and number of the business with where it stands, refreshed every few seconds. */
export function NumbersPage() {
  const { me } = useSession();
  const overview = usePolling(() => api.get<Overview>('/console/api/wabas'), 5000, []);
  const data = overview.data;
  return (
    <>
      <PageHeader title="Numbers & health">
        <Badge tone={me.business?.verification_status === 'verified' ? 'good' : 'muted'}>Business verification: {me.business?.verification_status ?? 'unknown'}</Badge>
        {data ? <Badge tone={data.meta_verified === 'granted' ? 'good' : 'muted'}>Meta Verified: {data.meta_verified.replace('_', ' ')}</Badge> : null}
      </PageHeader>
      {overview.error ? <Notice tone="bad">Could not load the accounts: {overview.error}</Notice> : null}
      {overview.loading && !data ? <p className="muted">Loading…</p> : null}
      {data && data.wabas.length === 0 ? <Notice>No WhatsApp Business Account yet. Apply for one through the API (`POST /console/api/wabas`).</Notice> : null}
      {data?.wabas.map((waba) => <WabaCard key={waba.id} waba={waba} />)}
    </>
  );
}

function WabaCard({ waba }: { waba: WabaOverview }) {
  return (
    <Card
      title={
        <>
          {waba.name} <span className="muted small">WABA {waba.id}</span>
        </>
      }
      actions={
        <>
          <Badge tone={waba.account_review_status === 'APPROVED' ? 'good' : waba.account_review_status === 'REJECTED' ? 'bad' : 'warn'}>Review: {waba.account_review_status}</Badge>
          <Badge tone={sendTone[waba.health_status.can_send_message] ?? 'muted'}>Can send: {waba.health_status.can_send_message}</Badge>
        </>
      }
    >
      {waba.phone_numbers.length === 0 ? <p className="muted">No phone number in this account yet.</p> : null}
      <div className="numbers">
        {waba.phone_numbers.map((n) => (
          <NumberCard key={n.id} number={n} health={waba.health_status.entities.find((e) => e.entity_type === 'PHONE_NUMBER' && e.id === n.id)} />
        ))}
      </div>
    </Card>
  );
}

function NumberCard({ number: n, health }: { number: NumberOverview; health: HealthEntity | undefined }) {
  return (
    <article className="number" data-testid={`number-${n.id}`} aria-label={`Number ${n.display_phone_number}`}>
      <header className="number-head">
        <div>
          <div className="number-phone">{n.display_phone_number}</div>
          <div className="number-name">
            {n.verified_name}
            {n.is_official_business_account ? (
              <span className="verified" title="Meta Verified: the badge shows beside the name">
                ✔
              </span>
            ) : null}
          </div>
        </div>
        <Badge tone={statusTone(n.status)} title="Number status">
          {n.status}
        </Badge>
      </header>
      <dl className="facts">
        <dt>Quality rating</dt>
        <dd>
          <Badge tone={qualityTone[n.quality_rating] ?? 'muted'}>{qualityWords[n.quality_rating] ?? n.quality_rating}</Badge>
        </dd>
        <dt>Messaging limit</dt>
        <dd>{tierWords(n.messaging_limit)} customers / 24 h</dd>
        <dt>Throughput</dt>
        <dd>{throughputWords(n.throughput)}</dd>
        <dt>Backlog</dt>
        <dd>{n.backlog_seconds > 0 ? `${n.backlog_seconds} s of paced sends waiting` : 'none'}</dd>
        <dt>Code verification</dt>
        <dd>{n.code_verification_status}</dd>
        <dt>Display name</dt>
        <dd>{n.name_status}</dd>
        <dt>Meta Verified</dt>
        <dd>{n.is_official_business_account ? 'Yes' : 'No'}</dd>
        <dt>Phone number id</dt>
        <dd className="mono">{n.id}</dd>
      </dl>
      {health?.errors?.map((e) => (
        <Notice key={e.error_code} tone={health.can_send_message === 'BLOCKED' ? 'bad' : 'warn'}>
          <strong>{e.error_description}</strong> {e.possible_solution}
        </Notice>
      ))}
    </article>
  );
}
