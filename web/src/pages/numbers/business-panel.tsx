import { Badge, Button, Card, formatTime } from '../../components/ui.tsx';
import type { Screen } from './api.ts';
import { numbersApi } from './api.ts';
import { useAction } from './use-action.ts';
import { VerificationForm } from './verification-form.tsx';
import { metaVerifiedWords, tierWords, verificationTone, verificationWords } from './words.ts';

/** The business as Meta sees it: verification, Meta Verified, and the messaging limit all its numbers share. */
export function BusinessPanel({ screen, canManage, onChange }: { screen: Screen; canManage: boolean; onChange: () => void }) {
  const v = screen.business_verification;
  const apply = useAction();
  const limit = screen.messaging_limit;
  return (
    <div className="grid business-panel">
      <Card title="Business verification">
        <p>
          <Badge tone={verificationTone[v.status] ?? 'muted'}>{verificationWords[v.status] ?? v.status}</Badge>
          {v.legal_name ? <span className="small"> {v.legal_name}</span> : null}
        </p>
        {v.status === 'not_verified' ? <p className="small muted">Verification lifts the business to 20 registered numbers and more templates, opens the 2K messaging limit, and is needed for Meta Verified.</p> : null}
        {v.status === 'pending' ? <p className="small muted">Submitted {v.submitted_time ? formatTime(v.submitted_time) : ''}; Meta is reviewing the documents.</p> : null}
        {v.status === 'verified' && v.decided_time ? <p className="small muted">Verified {formatTime(v.decided_time)}.</p> : null}
        {v.status === 'rejected' ? <p className="field-error">Rejected: {v.rejection_reason ?? 'the documents did not confirm the business.'} Correct the details and submit again.</p> : null}
        {canManage && (v.status === 'not_verified' || v.status === 'rejected') ? <VerificationForm onSubmitted={onChange} /> : null}
      </Card>
      <Card title="Meta Verified">
        <p data-testid="meta-verified-status">
          <Badge tone={screen.meta_verified === 'granted' ? 'good' : screen.meta_verified === 'pending' ? 'warn' : 'muted'}>{metaVerifiedWords[screen.meta_verified] ?? screen.meta_verified}</Badge>
        </p>
        <p className="small muted">A verified badge beside the business’s name in WhatsApp, for a verified business with a registered number.</p>
        {screen.meta_verified === 'not_applied' && screen.meta_verified_eligibility.blockers.length > 0 ? (
          <ul className="small blockers" aria-label="Why the business cannot apply yet">
            {screen.meta_verified_eligibility.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
        ) : null}
        {screen.meta_verified === 'not_applied' && canManage ? (
          <>
            <Button disabled={!screen.meta_verified_eligibility.eligible} busy={apply.busy} onClick={() => void apply.run(numbersApi.applyForMetaVerified).then((ok) => ok && onChange())}>
              Apply for Meta Verified
            </Button>
            {apply.error ? (
              <p className="field-error" role="alert">
                {apply.error}
              </p>
            ) : null}
          </>
        ) : null}
      </Card>
      <Card title="Messaging limit">
        <p>
          <strong data-testid="portfolio-limit">{limit.customers === null ? 'Unlimited' : `${limit.reached_24h} of ${tierWords(limit.tier)}`}</strong> customers in the last 24 h
        </p>
        <p className="small muted">Unique customers the business reached with templates outside a customer service window, across all its numbers. Replies inside the window do not count; high-quality use raises the tier.</p>
      </Card>
    </div>
  );
}
