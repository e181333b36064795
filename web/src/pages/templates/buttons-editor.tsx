import { useState } from 'react';
import { Button, Field } from '../../components/ui.tsx';
import { Select } from './fields.tsx';
import { buttonLabels, newButton, type ButtonType, type DraftButton } from './model.ts';

const types = Object.keys(buttonLabels) as ButtonType[];

/** Quick replies, a website, a phone number and a coupon code: each button's fields, with the review's findings beside them. */
export function ButtonsEditor({ buttons, errorsAt, onChange }: { buttons: DraftButton[]; errorsAt: (field: string) => string[]; onChange: (buttons: DraftButton[]) => void }) {
  const [kind, setKind] = useState<ButtonType>('QUICK_REPLY');
  const set = (index: number, next: DraftButton) => onChange(buttons.map((b, i) => (i === index ? next : b)));
  const err = (index: number, field: string) => errorsAt(`button.${index}.${field}`).join(' ') || undefined;
  return (
    <>
      {buttons.map((b, i) => (
        <div key={i} className="studio-button" data-testid={`button-${i}`}>
          <div className="studio-button-head">
            <strong>
              {i + 1}. {buttonLabels[b.type]}
            </strong>
            <Button variant="ghost" onClick={() => onChange(buttons.filter((_, j) => j !== i))} aria-label={`Remove button ${i + 1}`}>
              Remove
            </Button>
          </div>
          <div className="studio-row">
            {b.type !== 'COPY_CODE' ? <Field label={`Button ${i + 1} text`} value={b.text} maxLength={25} error={err(i, 'text')} onChange={(e) => set(i, { ...b, text: e.target.value })} /> : null}
            {b.type === 'URL' ? (
              <>
                <Field label={`Button ${i + 1} URL`} value={b.url} error={err(i, 'url')} hint="{{1}} at the end makes it dynamic" onChange={(e) => set(i, { ...b, url: e.target.value })} />
                {/\{\{\s*1\s*\}\}/.test(b.url) ? <Field label={`Button ${i + 1} URL example`} value={b.example} hint="what replaces {{1}}, e.g. summer2025" error={err(i, 'example')} onChange={(e) => set(i, { ...b, example: e.target.value })} /> : null}
              </>
            ) : null}
            {b.type === 'PHONE_NUMBER' ? <Field label={`Button ${i + 1} phone number`} value={b.phone_number} placeholder="+15550001234" error={err(i, 'phone_number')} onChange={(e) => set(i, { ...b, phone_number: e.target.value })} /> : null}
            {b.type === 'COPY_CODE' ? <Field label={`Button ${i + 1} offer code example`} value={b.example} maxLength={15} error={err(i, 'example')} onChange={(e) => set(i, { ...b, example: e.target.value })} /> : null}
          </div>
        </div>
      ))}
      <div className="inline-form">
        <Select label="Add a button" value={kind} options={types} words={buttonLabels} onChange={(v) => setKind(v as ButtonType)} />
        <Button variant="secondary" onClick={() => onChange([...buttons, newButton(kind)])}>
          Add button
        </Button>
      </div>
    </>
  );
}
