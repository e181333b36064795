import { Badge, Notice } from '../../components/ui.tsx';
import type { HealthEntity } from '../../types.ts';
import type { Screen, ScreenNumber } from './api.ts';
import { DisplayName } from './display-name.tsx';
import { OnboardingForms, Steps, stepsOf } from './onboarding-steps.tsx';
import { qualityExplained, qualityTone, qualityWords, registered, statusTone, throughputWords, tierWords } from './words.ts';

/** One number: its onboarding while unfinished, then its standing — status, quality, limit and use, throughput, restrictions. */
export function NumberCard(props: { number: ScreenNumber; health: HealthEntity | undefined; accountReview: string; limit: Screen['messaging_limit']; canManage: boolean; onChange: () => void }) {
  const { number: n, health, limit, canManage, onChange } = props;
  const isRegistered = registered(n.status);
  const unfinished = stepsOf(props.accountReview, n).some((s) => s.state !== 'done');
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
      {unfinished ? <Steps accountReview={props.accountReview} number={n} /> : null}
      {!isRegistered && canManage ? <OnboardingForms number={n} onChange={onChange} /> : null}
      {!isRegistered && !canManage ? <p className="muted small">An Admin finishes this number’s onboarding.</p> : null}
      {isRegistered ? <Standing number={n} limit={limit} /> : null}
      {isRegistered
        ? health?.errors?.map((e) => (
            <Notice key={e.error_code} tone={health.can_send_message === 'BLOCKED' ? 'bad' : 'warn'}>
              <strong>{e.error_description}</strong> What to do: {e.possible_solution}
            </Notice>
          ))
        : null}
      <h3>Display name</h3>
      <DisplayName number={n} canManage={canManage} onChange={onChange} />
      <p className="muted small">
        Phone number id <span className="mono">{n.id}</span>
      </p>
    </article>
  );
}

function Standing({ number: n, limit }: { number: ScreenNumber; limit: Screen['messaging_limit'] }) {
  const used = limit.customers ? Math.min(100, Math.round((limit.reached_24h / limit.customers) * 100)) : 0;
  return (
    <dl className="facts">
      <dt>Quality rating</dt>
      <dd>
        <Badge tone={qualityTone[n.quality_rating] ?? 'muted'} title={n.quality_rating}>
          {qualityWords[n.quality_rating] ?? n.quality_rating}
        </Badge>
        <span className="small muted quality-note">{qualityExplained[n.quality_rating] ?? ''}</span>
      </dd>
      <dt>Messaging limit</dt>
      <dd data-testid="messaging-limit">
        {limit.customers === null ? (
          <>Unlimited customers / 24 h ({limit.reached_24h} reached)</>
        ) : (
          <>
            {limit.reached_24h} of {tierWords(n.messaging_limit)} customers / 24 h
            <div className="meter" role="meter" aria-label="Messaging limit used" aria-valuemin={0} aria-valuemax={limit.customers} aria-valuenow={limit.reached_24h}>
              <span style={{ width: `${used}%` }} className={used >= 90 ? 'meter-high' : undefined} />
            </div>
          </>
        )}
        <span className="small muted">Shared by all numbers of the business.</span>
      </dd>
      <dt>Throughput</dt>
      <dd>{throughputWords(n.throughput)}</dd>
      <dt>Backlog</dt>
      <dd>{n.backlog_seconds > 0 ? `${n.backlog_seconds} s of paced sends waiting` : 'none'}</dd>
      <dt>Meta Verified</dt>
      <dd>{n.is_official_business_account ? 'Yes' : 'No'}</dd>
    </dl>
  );
}
