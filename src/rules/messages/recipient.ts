import { GraphError } from '../../core/graph-errors.js';
import { splitCallingCode } from '../../core/phone.js';

/** A send's recipient as Meta answers it in `contacts[]`: what was sent, and the WhatsApp id (spec §1.2). */
export interface Recipient {
  readonly input: string;
  /** E.164 digits without `+`. */
  readonly waId: string;
}

const invalid = (input: string): GraphError => new GraphError('invalidParameter', `to: "${input}" is not a valid phone number`);

/**
 * Turns the `to` of a send into a WhatsApp id the way Meta reads it (spec §1.1):
 * `+`, spaces, dashes, dots and brackets are tolerated and stripped; a leading `+` or `00` marks an
 * international number; without either, Meta prepends the business number's calling code.
 *
 * Meta's own examples send full numbers without `+` ("16505551234"), so "no `+`" cannot always mean
 * "national". Our heuristic: digits of length 11 or more that begin with a known calling code
 * (or the business's own) are already international; shorter ones, or ones no calling code
 * explains, are national and get the business calling code. It misreads an 11-digit national number
 * that happens to begin like a calling code (a Chinese mobile, 1xx…, read as North American):
 * send `+` to be sure. A national trunk `0` is not dropped, as Meta does not either
 * ("07911 123456" from a +44 business becomes 4407911123456, which no one owns).
 * Brazil's and Mexico's extra-digit rewriting (so `wa_id` ≠ input digits) is the network's business, not done here.
 */
export function normalizeRecipient(input: string, businessCallingCode: string): Recipient {
  if (!/^[1-9]\d{0,2}$/.test(businessCallingCode)) throw new Error(`invalid business calling code "${businessCallingCode}"`);
  const trimmed = input.trim();
  if (!/^\+?[\d\s\-.()[\]]+$/.test(trimmed)) throw invalid(input);
  let digits = trimmed.replace(/\D/g, '');
  let international = trimmed.startsWith('+');
  if (!international && digits.startsWith('00')) {
    international = true;
    digits = digits.slice(2);
  }
  if (!international && !looksInternational(digits, businessCallingCode)) digits = businessCallingCode + digits;
  // E.164: at most 15 digits; 7 is the shortest number any country hands out with its calling code.
  if (!/^[1-9]\d{6,14}$/.test(digits)) throw invalid(input);
  return { input, waId: digits };
}

function looksInternational(digits: string, businessCallingCode: string): boolean {
  if (digits.length < 11) return false;
  return digits.startsWith(businessCallingCode) || splitCallingCode(digits).country !== undefined;
}
