import { useState, type FormEvent } from 'react';
import { Button, Field } from '../../components/ui.tsx';
import { numbersApi } from './api.ts';
import { SelectField } from './select-field.tsx';
import { FormActions } from './form-actions.tsx';
import { useAction } from './use-action.ts';

const FIELDS = ['legal_name', 'address', 'website', 'documents'] as const;
const KINDS = [
  { value: 'business_license', label: 'Business licence' },
  { value: 'certificate_of_incorporation', label: 'Certificate of incorporation' },
  { value: 'tax_registration', label: 'Tax registration' },
  { value: 'utility_bill', label: 'Utility bill' },
  { value: 'bank_statement', label: 'Bank statement' },
];

/** Business verification: the legal facts and one supporting document, reviewed by Meta's side. */
export function VerificationForm({ onSubmitted }: { onSubmitted: () => void }) {
  const [open, setOpen] = useState(false);
  const [legalName, setLegalName] = useState('');
  const [address, setAddress] = useState('');
  const [website, setWebsite] = useState('');
  const [kind, setKind] = useState('business_license');
  const [document, setDocument] = useState('');
  const action = useAction(FIELDS, 'legal_name');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = { legal_name: legalName, address, website, documents: document.trim() ? [{ kind, name: document }] : [] };
    if (await action.run(() => numbersApi.submitVerification(body))) {
      setOpen(false);
      onSubmitted();
    }
  }

  if (!open) {
    return (
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Start business verification
      </Button>
    );
  }
  return (
    <form className="onboard-form" onSubmit={(e) => void submit(e)} aria-label="Business verification">
      <Field label="Legal name" value={legalName} onChange={(e) => setLegalName(e.target.value)} error={action.errorFor('legal_name')} maxLength={200} hint="As on the business’s registration documents" />
      <Field label="Address" value={address} onChange={(e) => setAddress(e.target.value)} error={action.errorFor('address')} maxLength={500} />
      <Field label="Website" type="url" value={website} onChange={(e) => setWebsite(e.target.value)} error={action.errorFor('website')} placeholder="https://" maxLength={500} />
      <SelectField label="Document kind" value={kind} options={KINDS} onChange={setKind} />
      <Field label="Document name" value={document} onChange={(e) => setDocument(e.target.value)} error={action.errorFor('documents')} placeholder="licence.pdf" hint="The file you hold; Meta may ask for it" />
      <FormActions submit="Submit for verification" busy={action.busy} onCancel={() => setOpen(false)} />
    </form>
  );
}
