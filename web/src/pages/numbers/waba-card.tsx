import { Badge, Card, Notice } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';
import { AddNumber } from './add-number.tsx';
import type { Screen, ScreenWaba } from './api.ts';
import { NumberCard } from './number-card.tsx';
import { reviewTone } from './words.ts';

const sendTone = { AVAILABLE: 'good', LIMITED: 'warn', BLOCKED: 'bad' } as const;

/** A WABA: its review, currency and time zone, its numbers, and adding one. */
export function WabaCard({ waba, limit, canManage, onChange }: { waba: ScreenWaba; limit: Screen['messaging_limit']; canManage: boolean; onChange: () => void }) {
  const { sandbox } = useSession();
  const review = waba.account_review_status;
  const can = waba.health_status.can_send_message as keyof typeof sendTone;
  return (
    <Card
      className="waba"
      title={
        <>
          {waba.name} <span className="muted small">WABA {waba.id}</span>
        </>
      }
      actions={
        <>
          <Badge tone={reviewTone(review)} title="Meta's account review">
            Review: {review}
          </Badge>
          {waba.phone_numbers.length > 0 ? <Badge tone={sendTone[can] ?? 'muted'}>Can send: {can}</Badge> : null}
        </>
      }
    >
      <p className="muted small waba-facts">
        {waba.currency ? <>Currency {waba.currency}</> : null}
        {waba.timezone ? <> · Time zone {waba.timezone.replace(/_/g, ' ')}</> : null}
      </p>
      {review === 'PENDING' ? (
        <Notice tone="warn">
          Meta is reviewing this account. Its numbers can be prepared meanwhile; they message once it is approved.
          {sandbox ? ' In the sandbox the review is decided on the sandbox clock: move it on with the clock above.' : ''}
        </Notice>
      ) : null}
      {review === 'REJECTED' ? (
        <Notice tone="bad">Meta rejected this account: it does not comply with the WhatsApp Business and Commerce policies. Create a new account under the business’s real name, or appeal in Meta Business Suite.</Notice>
      ) : null}
      {waba.phone_numbers.length === 0 ? <p className="muted">No phone number in this account yet.</p> : null}
      <div className="numbers">
        {waba.phone_numbers.map((n) => (
          <NumberCard
            key={n.id}
            number={n}
            accountReview={review}
            limit={limit}
            canManage={canManage}
            onChange={onChange}
            health={waba.health_status.entities.find((e) => e.entity_type === 'PHONE_NUMBER' && e.id === n.id)}
          />
        ))}
      </div>
      {canManage && review !== 'REJECTED' ? (
        <div className="add-number-wrap">
          <AddNumber wabaId={waba.id} onAdded={onChange} />
        </div>
      ) : null}
    </Card>
  );
}
