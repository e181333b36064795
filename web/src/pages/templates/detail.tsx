import { useState } from 'react';
import { messageOf } from '../../api.ts';
import { Badge, Button, Card, Notice } from '../../components/ui.tsx';
import { templatesApi } from './api.ts';
import { readHistory } from './history.ts';
import { fromTemplate, type TemplateView } from './model.ts';
import { TemplatePreview } from './preview.tsx';
import { SendTest } from './send-test.tsx';
import { qualityTone, qualityWords, statusAdvice, statusTone } from './status.ts';

const EDITABLE = ['APPROVED', 'REJECTED', 'PAUSED'];

/** One template: where it stands and why, what happened to it, its preview, and a test send. */
export function TemplateDetail(props: {
  template: TemplateView;
  businessName: string;
  numbers: readonly { id: string; display_phone_number: string }[];
  onEdit: () => void;
  onChanged: () => void;
  onClose: () => void;
}) {
  const t = props.template;
  const [error, setError] = useState<string>();
  const history = readHistory(t.id);
  const quality = t.quality_score?.score ?? 'UNKNOWN';
  async function run(action: () => Promise<unknown>) {
    setError(undefined);
    try {
      await action();
      props.onChanged();
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
            <dd>{t.status === 'PAUSED' ? 'Paused for low quality' : t.status === 'DISABLED' ? 'Disabled after repeated pauses' : 'Not paused'}</dd>
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
                </dd>
              </>
            ) : null}
            <dt>Template id</dt>
            <dd className="mono">{t.id}</dd>
          </dl>
          <h3>Status history</h3>
          {history.length === 0 ? (
            <p className="muted small">Nothing recorded yet.</p>
          ) : (
            <ol className="history" data-testid="template-history">
              {history.map((h, i) => (
                <li key={i}>
                  <Badge tone={statusTone(h.status)}>{h.status}</Badge> <span className="small muted">{new Date(h.at).toLocaleString()}</span>
                  {h.note ? <span className="small"> · {h.note}</span> : null}
                  {h.reason ? <span className="small"> · {h.reason}</span> : null}
                  {h.quality && h.quality !== 'UNKNOWN' ? <span className="small"> · quality {qualityWords[h.quality] ?? h.quality}</span> : null}
                </li>
              ))}
            </ol>
          )}
          <p className="field-hint">As seen by this studio while open: chatapp keeps no template status history yet; the webhook log has every status update.</p>
          <SendTest template={t} numbers={props.numbers} />
        </div>
        <div className="studio-preview">
          <TemplatePreview draft={fromTemplate(t)} businessName={props.businessName} />
        </div>
      </div>
    </Card>
  );
}
