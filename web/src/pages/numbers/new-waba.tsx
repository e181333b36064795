import { useState, type FormEvent } from 'react';
import { Button, Card, Field } from '../../components/ui.tsx';
import { usePolling } from '../../hooks.ts';
import { numbersApi } from './api.ts';
import { SelectField } from './select-field.tsx';
import { useAction } from './use-action.ts';

const FIELDS = ['name', 'currency', 'timezone_id'] as const;

/** Step 1 of onboarding: apply for a WhatsApp Business Account, which Meta's side then reviews. */
export function NewWaba({ onCreated, first }: { onCreated: () => void; first: boolean }) {
  const options = usePolling(() => numbersApi.options(), undefined, []);
  const [open, setOpen] = useState(first);
  const [name, setName] = useState('');
  const [currency, setCurrency] = useState('USD');
  const [timezone, setTimezone] = useState('1');
  const action = useAction(FIELDS, 'name');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => numbersApi.createWaba({ name, currency, timezone_id: timezone }))) {
      setName('');
      setOpen(false);
      onCreated();
    }
  }

  if (!open) {
    return (
      <p>
        <Button variant="secondary" onClick={() => setOpen(true)}>
          + New WhatsApp Business Account
        </Button>
      </p>
    );
  }
  const currencies = (options.data?.currencies ?? ['USD']).map((c) => ({ value: c, label: c }));
  const timezones = (options.data?.timezones ?? [{ id: '1', name: 'America/Los_Angeles' }]).map((t) => ({ value: t.id, label: `${t.name.replace(/_/g, ' ')} (${t.id})` }));
  return (
    <Card title="New WhatsApp Business Account">
      <p className="lead">Meta reviews each new account before its numbers may message; the review status shows on the account below.</p>
      <form className="onboard-form" onSubmit={(e) => void submit(e)} aria-label="New WhatsApp Business Account">
        <Field label="Account name" value={name} onChange={(e) => setName(e.target.value)} error={action.errorFor('name')} maxLength={100} required placeholder="Lucky Shrub Retail" />
        <SelectField label="Currency" value={currency} options={currencies} onChange={setCurrency} error={action.errorFor('currency')} />
        <SelectField label="Time zone" value={timezone} options={timezones} onChange={setTimezone} error={action.errorFor('timezone_id')} />
        <div className="onboard-actions">
          <Button type="submit" busy={action.busy}>
            Create account
          </Button>
          {!first ? (
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          ) : null}
        </div>
      </form>
    </Card>
  );
}
