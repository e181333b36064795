import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { Button, Field } from '../../components/ui.tsx';
import { captioned, kindOf, type MediaKind as Kind } from './model.ts';

/** Sends one inbound message of spec §4.4 as the user; throws the server's refusal. */
export type SendAs = (message: Record<string, unknown>) => Promise<unknown>;

/**
 * The simulator takes a user's file inline, base64 in JSON (POST /simulator/messages, 24 MB a body):
 * 16 MB of file fits, which covers every kind but the largest documents (spec §2).
 */
const MAX_FILE = 16 * 1024 * 1024;

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`The file could not be read: ${reader.error?.message ?? 'unknown error'}`));
    reader.readAsDataURL(file);
  });
}

/** The paper-clip sheet: a file, a location or a contact card, each a small form with its errors by its fields. */
export function AttachPanel({ send, onDone }: { send: SendAs; onDone: () => void }) {
  const [tab, setTab] = useState<'file' | 'location' | 'contact'>('file');
  const tabs = [
    ['file', 'Photo, video or file'],
    ['location', 'Location'],
    ['contact', 'Contact'],
  ] as const;
  return (
    <div className="attach" data-testid="attach">
      <div className="composer-modes" role="tablist" aria-label="Attach">
        {tabs.map(([key, label]) => (
          <button key={key} type="button" role="tab" aria-selected={tab === key} className={tab === key ? 'active' : undefined} onClick={() => setTab(key)}>
            {label}
          </button>
        ))}
      </div>
      {tab === 'file' ? <FileForm send={send} onDone={onDone} /> : tab === 'location' ? <LocationForm send={send} onDone={onDone} /> : <ContactForm send={send} onDone={onDone} />}
    </div>
  );
}

/** Runs a send; a refusal lands by the field the server named, else by `fallback`. */
function useSendForm(fields: readonly string[], fallback: string) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  async function run(send: () => Promise<unknown>, done: () => void): Promise<void> {
    setBusy(true);
    setErrors({});
    try {
      await send();
      done();
    } catch (e) {
      const field = e instanceof ApiError ? e.fieldAmong(fields) : undefined;
      setErrors({ [field ?? fallback]: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }
  return { errors, setErrors, busy, run };
}

function FileForm({ send, onDone }: { send: SendAs; onDone: () => void }) {
  const [file, setFile] = useState<File>();
  const [kind, setKind] = useState<Kind>('image');
  const [caption, setCaption] = useState('');
  const [voice, setVoice] = useState(false);
  const { errors, setErrors, busy, run } = useSendForm(['caption', 'filename'], 'file');
  function pick(picked: File | undefined) {
    setFile(picked);
    setErrors({});
    if (picked) setKind(kindOf(picked.type));
  }
  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return setErrors({ file: 'Choose a file first' });
    if (file.size > MAX_FILE) return setErrors({ file: `${file.name} is ${(file.size / 1048576).toFixed(1)} MB; the phone sends files of up to 16 MB` });
    await run(async () => {
      const data = await base64Of(file);
      const content: Record<string, unknown> = { data_base64: data, ...(file.type ? { mime_type: file.type } : {}) };
      if (kind === 'document') content.filename = file.name;
      if (caption.trim() && captioned.includes(kind)) content.caption = caption.trim();
      if (kind === 'audio') content.voice = voice;
      await send({ type: kind, [kind]: content });
    }, onDone);
  }
  return (
    <form className="attach-form" onSubmit={(e) => void submit(e)}>
      <div className={`field${errors.file ? ' field-invalid' : ''}`}>
        <label htmlFor="attach-file">File</label>
        <input id="attach-file" type="file" aria-invalid={errors.file ? true : undefined} aria-describedby={errors.file ? 'attach-file-error' : undefined} onChange={(e) => pick(e.target.files?.[0])} />
        {errors.file ? (
          <p className="field-error" id="attach-file-error" role="alert">
            {errors.file}
          </p>
        ) : null}
      </div>
      <label className="stacked">
        Goes as
        <select value={kind} onChange={(e) => setKind(e.target.value as Kind)} aria-label="Goes as">
          <option value="image">Photo (JPEG, PNG)</option>
          <option value="video">Video (MP4, 3GPP)</option>
          <option value="audio">Audio</option>
          <option value="document">Document</option>
          <option value="sticker">Sticker (WebP)</option>
        </select>
      </label>
      {kind === 'audio' ? (
        <label className="attach-check">
          <input type="checkbox" checked={voice} onChange={(e) => setVoice(e.target.checked)} /> A voice note (recorded in the app, OGG/Opus)
        </label>
      ) : null}
      {captioned.includes(kind) ? <Field label="Caption" value={caption} onChange={(e) => setCaption(e.target.value)} maxLength={1024} error={errors.caption ?? errors.filename} /> : null}
      <Actions busy={busy} label="Share file" onCancel={onDone} />
    </form>
  );
}

function LocationForm({ send, onDone }: { send: SendAs; onDone: () => void }) {
  const [place, setPlace] = useState({ latitude: '', longitude: '', name: '', address: '' });
  const { errors, busy, run } = useSendForm(['latitude', 'longitude', 'name', 'address'], 'latitude');
  const set = (key: keyof typeof place) => (e: { target: { value: string } }) => setPlace({ ...place, [key]: e.target.value });
  async function submit(event: FormEvent) {
    event.preventDefault();
    // The coordinates go as typed: the server reads them and says which one is wrong.
    const location = { latitude: place.latitude.trim(), longitude: place.longitude.trim(), ...(place.name.trim() ? { name: place.name.trim() } : {}), ...(place.address.trim() ? { address: place.address.trim() } : {}) };
    await run(() => send({ type: 'location', location }), onDone);
  }
  return (
    <form className="attach-form" onSubmit={(e) => void submit(e)}>
      <div className="attach-pair">
        <Field label="Latitude" inputMode="decimal" placeholder="51.5007" value={place.latitude} onChange={set('latitude')} error={errors.latitude} />
        <Field label="Longitude" inputMode="decimal" placeholder="-0.1246" value={place.longitude} onChange={set('longitude')} error={errors.longitude} />
      </div>
      <Field label="Place name" placeholder="Big Ben" value={place.name} onChange={set('name')} error={errors.name} />
      <Field label="Address" placeholder="Westminster, London" value={place.address} onChange={set('address')} error={errors.address} />
      <Actions busy={busy} label="Share location" onCancel={onDone} />
    </form>
  );
}

function ContactForm({ send, onDone }: { send: SendAs; onDone: () => void }) {
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const { errors, busy, run } = useSendForm(['name', 'phones'], 'name');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const [first, ...rest] = name.trim().split(/\s+/);
    const digits = phone.replace(/\D/g, '');
    const card = {
      name: { formatted_name: name.trim(), ...(first ? { first_name: first } : {}), ...(rest.length ? { last_name: rest.join(' ') } : {}) },
      // A card carries the number's wa_id when the number is on WhatsApp; in the sandbox every full number is.
      ...(phone.trim() ? { phones: [{ phone: phone.trim(), type: 'MOBILE', ...(phone.trim().startsWith('+') && digits.length >= 7 ? { wa_id: digits } : {}) }] } : {}),
    };
    await run(() => send({ type: 'contacts', contacts: [card] }), onDone);
  }
  return (
    <form className="attach-form" onSubmit={(e) => void submit(e)}>
      <Field label="Contact name" placeholder="Dara Costa" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <Field label="Contact number" type="tel" placeholder="+351 912 345 678" value={phone} onChange={(e) => setPhone(e.target.value)} error={errors.phones} />
      <Actions busy={busy} label="Share contact" onCancel={onDone} />
    </form>
  );
}

function Actions({ busy, label, onCancel }: { busy: boolean; label: string; onCancel: () => void }): ReactNode {
  return (
    <div className="attach-actions">
      <Button type="submit" busy={busy}>
        {label}
      </Button>
      <Button variant="ghost" onClick={onCancel}>
        Cancel
      </Button>
    </div>
  );
}
