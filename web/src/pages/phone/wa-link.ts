/**
 * Click-to-chat links as WhatsApp opens them (spec §8.6): `https://wa.me/<number>?text=<prefill>` and
 * `https://api.whatsapp.com/send?phone=<number>&text=<prefill>` (and the app's `whatsapp://send?…`).
 * The number is the full international number in digits; the text lands in the composer, unsent.
 * `wa.me/message/<code>` short links resolve through Meta's QR-code service, which the sandbox has not.
 */
export type WaLink = { ok: true; phone: string; text: string } | { ok: false; error: string };

/** E.164 allows at most 15 digits; the shortest real international numbers have 7 or so. */
const PHONE = /^\d{7,15}$/;

export function parseWaLink(input: string): WaLink {
  const raw = input.trim();
  if (!raw) return { ok: false, error: 'Paste a link such as https://wa.me/15551234567?text=Hi' };
  // People paste `wa.me/…` without a scheme, as printed on flyers.
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, error: 'This is not a link' };
  }
  const text = url.searchParams.get('text') ?? '';
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (url.protocol === 'whatsapp:') {
    if (host !== 'send' && url.pathname.replace(/^\/+/, '') !== 'send') return { ok: false, error: 'Only whatsapp://send?phone=… links open a chat' };
    return withPhone(url.searchParams.get('phone'), text);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, error: 'A click-to-chat link starts with https://wa.me/' };
  if (host === 'wa.me') {
    const path = url.pathname.replace(/^\/+|\/+$/g, '');
    if (path.startsWith('message/')) return { ok: false, error: 'wa.me/message/… short links go through Meta’s QR-code service, which the sandbox does not have; use wa.me/<number>?text=…' };
    if (!path) return { ok: false, error: 'This link has no number: WhatsApp would ask which chat to share the text to' };
    if (path.includes('/')) return { ok: false, error: 'A wa.me link is wa.me/<number>, with nothing after the number' };
    return withPhone(safeDecode(path), text);
  }
  if (host === 'api.whatsapp.com') {
    if (url.pathname.replace(/\/+$/, '') !== '/send') return { ok: false, error: 'An api.whatsapp.com link opens a chat at /send?phone=…' };
    return withPhone(url.searchParams.get('phone'), text);
  }
  return { ok: false, error: `${url.hostname} is not a WhatsApp link: use wa.me or api.whatsapp.com` };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function withPhone(given: string | null, text: string): WaLink {
  if (!given?.trim()) return { ok: false, error: 'This link has no phone number' };
  // wa.me wants digits only; people add a `+`, spaces or dashes anyway, and WhatsApp copes.
  const phone = given.replace(/[\s().-]/g, '').replace(/^\+/, '');
  if (!PHONE.test(phone)) return { ok: false, error: `“${given}” is not a full international phone number (digits only, country code first)` };
  if (phone.startsWith('0')) return { ok: false, error: `“${given}” starts with 0: a wa.me number starts with its country code, without 00 or a trunk 0` };
  return { ok: true, phone, text };
}

/** The business number a link's digits name, among numbers written as WhatsApp displays them (`+1 555-010-0001`). */
export function matchNumber<N extends { display_phone_number: string }>(phone: string, numbers: readonly N[]): N | undefined {
  return numbers.find((n) => n.display_phone_number.replace(/\D/g, '') === phone);
}
