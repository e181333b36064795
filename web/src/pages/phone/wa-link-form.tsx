import { useState, type FormEvent } from 'react';
import { Button, Field } from '../../components/ui.tsx';
import { matchNumber, parseWaLink } from './wa-link.ts';

interface BusinessNumber {
  id: string;
  display_phone_number: string;
  verified_name: string;
}

/**
 * Opening a click-to-chat link on the user's phone: the chat with the business number it names opens,
 * its prefilled text in the composer, unsent (spec §8.6). Only the sandbox's numbers can answer.
 */
export function WaLinkForm({ user, numbers, onOpen }: { user: string; numbers: readonly BusinessNumber[] | 'loading' | 'hidden'; onOpen: (number: BusinessNumber, text: string) => void }) {
  const [link, setLink] = useState('');
  const [error, setError] = useState<string>();
  function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = parseWaLink(link);
    if (!parsed.ok) return setError(parsed.error);
    if (!user) return setError('Pick or create a user first: the link opens on their phone');
    if (numbers === 'hidden') return setError('Your role does not list the business numbers, so the link cannot be matched to one');
    if (numbers === 'loading') return setError('The business numbers are still loading; try again in a moment');
    const number = matchNumber(parsed.phone, numbers);
    if (!number) {
      const known = numbers.map((n) => n.display_phone_number).join(', ') || 'none yet';
      return setError(`+${parsed.phone} is not one of this sandbox’s business numbers (${known})`);
    }
    setError(undefined);
    setLink('');
    onOpen(number, parsed.text);
  }
  return (
    <form className="wa-link" onSubmit={submit}>
      <Field label="Click-to-chat link" placeholder="https://wa.me/15551234567?text=Hi" value={link} onChange={(e) => setLink(e.target.value)} error={error} hint="wa.me/<number>?text=… or api.whatsapp.com/send?phone=…" inputMode="url" />
      <Button type="submit" variant="secondary" disabled={!link.trim()}>
        Open link
      </Button>
    </form>
  );
}
