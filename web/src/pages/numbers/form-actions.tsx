import { Button } from '../../components/ui.tsx';

/** An onboarding form's buttons: submit (busy while the server answers) and cancel. */
export function FormActions({ submit, busy, onCancel }: { submit: string; busy: boolean; onCancel: () => void }) {
  return (
    <div className="onboard-actions">
      <Button type="submit" busy={busy}>
        {submit}
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
