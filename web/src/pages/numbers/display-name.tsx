import { useState, type FormEvent } from 'react';
import { Badge, Button, Field } from '../../components/ui.tsx';
import { numbersApi, type ScreenNumber } from './api.ts';
import { FormActions } from './form-actions.tsx';
import { useAction } from './use-action.ts';
import { nameRejectionReason, nameStatusWords, reviewTone } from './words.ts';

/** Step 5: the display name's review, a rejection's reason, and asking for a new name. */
export function DisplayName({ number: n, canManage, onChange }: { number: ScreenNumber; canManage: boolean; onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const action = useAction(['new_display_name'], 'new_display_name');
  // One review at a time: the first name's, or a rename's.
  const reviewing = n.new_name_status === 'PENDING_REVIEW' || n.name_status === 'PENDING_REVIEW';

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => numbersApi.rename(n.id, name))) {
      setName('');
      setOpen(false);
      onChange();
    }
  }

  return (
    <div className="display-name" data-testid={`display-name-${n.id}`}>
      <div className="display-name-row">
        <span>
          <strong>{n.verified_name}</strong>{' '}
          <Badge tone={reviewTone(n.name_status)} title="Display name review">
            {nameStatusWords[n.name_status] ?? n.name_status}
          </Badge>
        </span>
        {canManage && !reviewing && !open ? (
          <Button variant="ghost" onClick={() => setOpen(true)}>
            Request a new name
          </Button>
        ) : null}
      </div>
      {n.name_status === 'DECLINED' ? <p className="field-error">Rejected: {nameRejectionReason} Request a new name below.</p> : null}
      {n.new_display_name ? (
        <p className="small">
          New name <strong>{n.new_display_name}</strong>:{' '}
          <Badge tone={reviewTone(n.new_name_status ?? '')}>{nameStatusWords[n.new_name_status ?? ''] ?? n.new_name_status}</Badge>
          {n.new_name_status === 'DECLINED' ? <span className="field-error"> {nameRejectionReason} The current name stays.</span> : null}
          {n.new_name_status === 'PENDING_REVIEW' ? <span className="muted"> The current name stays until Meta approves the new one.</span> : null}
        </p>
      ) : null}
      {open ? (
        <form className="onboard-form" onSubmit={(e) => void submit(e)} aria-label="Rename the number">
          <Field label="New display name" value={name} onChange={(e) => setName(e.target.value)} error={action.errorFor('new_display_name')} maxLength={512} />
          <FormActions submit="Send for review" busy={action.busy} onCancel={() => setOpen(false)} />
        </form>
      ) : null}
    </div>
  );
}
