import { useState, type FormEvent } from 'react';
import { Button, Field } from '../../components/ui.tsx';
import { numbersApi } from './api.ts';
import { FormActions } from './form-actions.tsx';
import { useAction } from './use-action.ts';

const FIELDS = ['cc', 'phone_number', 'verified_name'] as const;

/** Step 2: a number joins the WABA with the display name users will see (which Meta reviews). */
export function AddNumber({ wabaId, onAdded }: { wabaId: string; onAdded: () => void }) {
  const [open, setOpen] = useState(false);
  const [cc, setCc] = useState('');
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const action = useAction(FIELDS, 'phone_number');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await action.run(() => numbersApi.addNumber(wabaId, { cc, phone_number: phone, verified_name: name }))) {
      setCc('');
      setPhone('');
      setName('');
      setOpen(false);
      onAdded();
    }
  }

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        + Add a phone number
      </Button>
    );
  }
  return (
    <form className="onboard-form add-number" onSubmit={(e) => void submit(e)} aria-label="Add a phone number">
      <Field label="Country code" value={cc} onChange={(e) => setCc(e.target.value)} error={action.errorFor('cc')} inputMode="numeric" placeholder="34" required hint="Digits only, without +" />
      <Field label="Phone number" value={phone} onChange={(e) => setPhone(e.target.value)} error={action.errorFor('phone_number')} inputMode="tel" placeholder="612 000 321" required hint="The number without its country code" />
      <Field label="Display name" value={name} onChange={(e) => setName(e.target.value)} error={action.errorFor('verified_name')} required placeholder="Lucky Shrub" hint="What users see; Meta reviews it" />
      <FormActions submit="Add number" busy={action.busy} onCancel={() => setOpen(false)} />
    </form>
  );
}
