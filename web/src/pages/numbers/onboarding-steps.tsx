import { useState, type FormEvent } from 'react';
import { Button, Field } from '../../components/ui.tsx';
import { useSession } from '../../session.tsx';
import { numbersApi, simulatorCodesUrl, type ScreenNumber } from './api.ts';
import { useAction } from './use-action.ts';
import { registered } from './words.ts';

type StepState = 'done' | 'current' | 'todo' | 'failed';

/** Where a number is on its way to CONNECTED (spec §8.1): account, number, code, PIN, display name. */
export function stepsOf(accountReview: string, n: ScreenNumber): { label: string; state: StepState; note?: string }[] {
  const verified = n.code_verification_status === 'VERIFIED';
  const isRegistered = registered(n.status);
  const account: StepState = accountReview === 'APPROVED' ? 'done' : accountReview === 'REJECTED' ? 'failed' : 'current';
  const name: StepState = n.name_status === 'APPROVED' || n.name_status === 'AVAILABLE_WITHOUT_REVIEW' ? 'done' : n.name_status === 'DECLINED' ? 'failed' : 'current';
  return [
    { label: 'WhatsApp Business Account approved', state: account },
    { label: 'Number added', state: 'done' },
    { label: 'Ownership verified with a code', state: verified ? 'done' : 'current' },
    { label: 'Two-step PIN set and number registered', state: isRegistered ? 'done' : verified ? 'current' : 'todo' },
    { label: 'Display name approved', state: name, ...(name === 'current' ? { note: 'Meta reviews it; the number may register meanwhile' } : {}) },
  ];
}

const marks: Record<StepState, string> = { done: '✓', current: '•', todo: '○', failed: '✕' };

export function Steps({ accountReview, number }: { accountReview: string; number: ScreenNumber }) {
  return (
    <ol className="onboard-steps" aria-label="Onboarding steps">
      {stepsOf(accountReview, number).map((s) => (
        <li key={s.label} className={`step-${s.state}`} data-state={s.state}>
          <span className="step-mark" aria-hidden="true">
            {marks[s.state]}
          </span>
          <span>
            {s.label}
            {s.note ? <span className="muted small"> — {s.note}</span> : null}
          </span>
        </li>
      ))}
    </ol>
  );
}

/** Steps 3 and 4 for a number not registered yet: request and enter the code, then register with a PIN. */
export function OnboardingForms({ number: n, onChange }: { number: ScreenNumber; onChange: () => void }) {
  const { sandbox } = useSession();
  const [method, setMethod] = useState<'SMS' | 'VOICE'>('SMS');
  const [requested, setRequested] = useState(false);
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const request = useAction(['code_method'], 'code_method');
  const verify = useAction(['code'], 'code');
  const register = useAction(['pin'], 'pin');
  const verified = n.code_verification_status === 'VERIFIED';

  async function askForCode() {
    if (await request.run(() => numbersApi.requestCode(n.id, method))) setRequested(true);
  }
  async function submitCode(event: FormEvent) {
    event.preventDefault();
    if (await verify.run(() => numbersApi.verifyCode(n.id, code))) {
      setCode('');
      onChange();
    }
  }
  async function submitPin(event: FormEvent) {
    event.preventDefault();
    if (await register.run(() => numbersApi.register(n.id, pin))) {
      setPin('');
      onChange();
    }
  }

  if (!verified) {
    return (
      <div className="onboard-step">
        <h3>Verify ownership</h3>
        <fieldset className="code-method">
          <legend>Send the code by</legend>
          {(['SMS', 'VOICE'] as const).map((m) => (
            <label key={m} className="check">
              <input type="radio" name={`method-${n.id}`} value={m} checked={method === m} onChange={() => setMethod(m)} /> {m === 'SMS' ? 'Text message (SMS)' : 'Voice call'}
            </label>
          ))}
        </fieldset>
        <div className="onboard-actions">
          <Button variant={requested ? 'secondary' : 'primary'} busy={request.busy} onClick={() => void askForCode()}>
            {requested ? 'Send another code' : 'Request code'}
          </Button>
        </div>
        {request.error ? (
          <p className="field-error" role="alert">
            {request.error}
          </p>
        ) : null}
        {requested ? <p className="field-hint">A 6-digit code is on its way to {n.display_phone_number}. It is valid for 10 minutes and 5 tries.</p> : null}
        {sandbox ? (
          <p className="field-hint sandbox-hint">
            Sandbox: no phone receives the code; the simulator shows it at{' '}
            <a href={simulatorCodesUrl(n.id)} target="_blank" rel="noreferrer">
              {simulatorCodesUrl(n.id)}
            </a>
            .
          </p>
        ) : null}
        <form className="onboard-form" onSubmit={(e) => void submitCode(e)} aria-label="Verify ownership">
          <Field label="Verification code" value={code} onChange={(e) => setCode(e.target.value)} error={verify.errorFor('code')} inputMode="numeric" autoComplete="one-time-code" maxLength={7} placeholder="123456" />
          <div className="onboard-actions">
            <Button type="submit" busy={verify.busy} disabled={!code.trim()}>
              Verify code
            </Button>
          </div>
        </form>
      </div>
    );
  }
  return (
    <div className="onboard-step">
      <h3>Register with a two-step PIN</h3>
      <p className="field-hint">The first registration sets the number’s 6-digit two-step verification PIN; later registrations must give the same one.</p>
      <form className="onboard-form" onSubmit={(e) => void submitPin(e)} aria-label="Register the number">
        <Field label="Two-step PIN" type="password" value={pin} onChange={(e) => setPin(e.target.value)} error={register.errorFor('pin')} inputMode="numeric" autoComplete="new-password" maxLength={6} placeholder="6 digits" />
        <div className="onboard-actions">
          <Button type="submit" busy={register.busy} disabled={!pin.trim()}>
            Register number
          </Button>
        </div>
      </form>
    </div>
  );
}
