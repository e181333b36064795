import { useState } from 'react';
import { messageOf } from '../../api.ts';
import { Badge, Button, Card, Notice } from '../../components/ui.tsx';
import { templatesApi } from './api.ts';
import { fromTemplate, type TemplateView } from './model.ts';
import { TemplatePreview } from './preview.tsx';
import { SendTest } from './send-test.tsx';
import { HistoryList, PauseFacts, ReasonWords, useTemplateHistory } from './status-history.tsx';
import { qualityTone, qualityWords, statusAdvice, statusTone } from './status.ts';

const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

/** One template: where it stands and why, what happened to it, its preview, and a test send. */
export function TemplateDetail(props: {
  template: TemplateView;
  businessName: string;
  /** Whether times (a pause's countdown) run on the sandbox's clock. */
  sandbox: boolean;
  numbers: readonly { id: string; display_phone_number: string }[];
  onEdit: () => void;
  onChanged: () => void;
  onClose: () => void;
}) {
  const t = props.template;
  const [error, setError] = useState<string>();
  const history = useTemplateHistory(t, props.sandbox);
  const quality = t.quality_score?.score ?? 'UNKNOWN';
  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      props.onChanged();
      await history.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  }
  function remove() {
    // An approved template's name stays taken for 30 days after deletion (Meta's rule), hence the question.
    if (window.confirm(`Delete ${t.name} (${t.language})? An approved template's name cannot be reused for 30 days.`)) void run(() => templatesApi.remove(t.id));
  }
  return (
    <Card
      className="template-detail"
      title={
        <>
          {t.name} <span className="muted small">{t.language}</span>
        </>
      }
      actions={
        <>
          {EDITABLE.includes(t.status) ? (
            <Button variant="secondary" onClick={props.onEdit}>
              Edit
            </Button>
          ) : null}
          {t.status === 'PAUSED' ? (
            <Button variant="secondary" onClick={() => void run(() => templatesApi.unpause(t.id))}>
              Unpause
            </Button>
          ) : null}
          {t.status !== 'DISABLED' && t.status !== 'PENDING_DELETION' ? (
            <Button variant="ghost" onClick={remove}>
              Delete
            </Button>
          ) : null}
          <Button variant="ghost" onClick={props.onClose}>
            Close
          </Button>
        </>
      }
    >
      {error ? <Notice tone="bad">{error}</Notice> : null}
      <div className="studio-layout">
        <div>
          <dl className="facts" data-testid="template-facts">
            <dt>Status</dt>
            <dd>
              <Badge tone={statusTone(t.status)}>
                <span data-testid="template-status">{t.status}</span>
              </Badge>
              <span className="small muted"> {statusAdvice[t.status] ?? ''}</span>
            </dd>
            <dt>Category</dt>
            <dd>
              {t.category}
              {t.previous_category ? <span className="small muted"> (was {t.previous_category}: the review recategorised it)</span> : null}
              {t.correct_category ? <span className="small muted"> (the review says {t.correct_category})</span> : null}
            </dd>
            <dt>Quality</dt>
            <dd>
              <Badge tone={qualityTone[quality] ?? 'muted'}>{qualityWords[quality] ?? quality}</Badge>
            </dd>
            <dt>Pause state</dt>
            <dd>
              <PauseFacts pause={history.data?.pause_state} offsetMs={history.data?.clockOffsetMs ?? 0} status={t.status} />
            </dd>
            {t.rejected_reason && t.rejected_reason !== 'NONE' ? (
              <>
                <dt>Rejection reason</dt>
                <dd>
                  <strong>{t.rejected_reason}</strong>
                  {t.rejection_info ? (
                    <>
                      {' '}
                      — {t.rejection_info.reason}. <em>{t.rejection_info.recommendation}</em>
                    </>
                  ) : null}
                  <ReasonWords reason={t.rejected_reason} />
                </dd>
              </>
            ) : null}
            <dt>Template id</dt>
            <dd className="mono">{t.id}</dd>
          </dl>
          <h3>Status history</h3>
          {history.error ? <Notice tone="bad">Could not load the history: {history.error}</Notice> : null}
          <HistoryList events={history.data?.data} />
          <p className="field-hint">Every change of status, category and quality, as the server records it; the webhook log has the updates as sent to your app.</p>
          <SendTest template={t} numbers={props.numbers} />
        </div>
        <div className="studio-preview">
          <TemplatePreview draft={fromTemplate(t)} businessName={props.businessName} />
        </div>
      </div>
    </Card>
  );
}
