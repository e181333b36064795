import {
  badParam, badValue, checkMediaRef, join, optionalArray, requiredCoordinate, optionalBoolean, optionalObject, optionalString, requiredArray,
  requiredObject, requiredString, requiredWamid, type Json,
} from './validate-fields.js';

/** Rules for the simple message types of spec §1.3: text, media, location, contacts, reaction. */

export const mediaTypes = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaType = (typeof mediaTypes)[number];
export const isMediaType = (value: unknown): value is MediaType => (mediaTypes as readonly unknown[]).includes(value);

export const limits = {
  textBody: 4096,
  caption: 1024,
  filename: 240,
  locationText: 1000,
  /**
   * Meta documents no maximum for the contacts array; 20 cards is far beyond what a chat shows
   * and keeps one message bounded. The same bound applies to each card's phones, emails, urls and addresses.
   */
  contacts: 20,
} as const;

export function validateText(text: Json): Json {
  requiredString(text, 'body', 'text', { max: limits.textBody });
  optionalBoolean(text, 'preview_url', 'text');
  return { ...text };
}

const captioned: readonly MediaType[] = ['image', 'video', 'document'];

export function validateMedia(type: MediaType, media: Json): Json {
  checkMediaRef(media, type);
  if (media.caption !== undefined && media.caption !== null && !captioned.includes(type)) {
    throw badParam(join(type, 'caption'), `is not supported on ${type} messages`);
  }
  optionalString(media, 'caption', type, { max: limits.caption });
  if (type === 'document') optionalString(media, 'filename', type, { max: limits.filename });
  if (type === 'audio') optionalBoolean(media, 'voice', type);
  return { ...media };
}

export function validateLocation(location: Json): Json {
  const latitude = requiredCoordinate(location, 'latitude', 'location');
  const longitude = requiredCoordinate(location, 'longitude', 'location');
  optionalString(location, 'name', 'location', { max: limits.locationText });
  optionalString(location, 'address', 'location', { max: limits.locationText });
  return { ...location, latitude, longitude };
}

const listRule = (noun: string) => ({ min: 0, max: limits.contacts, code: 'parameterValueInvalid' as const, noun });
const stringFields = (obj: Json, at: string, keys: readonly string[]): void => {
  for (const key of keys) optionalString(obj, key, at, { allowEmpty: true });
};

function validateContact(contact: Json, at: string): void {
  const name = requiredObject(contact, 'name', at);
  const nameAt = join(at, 'name');
  requiredString(name, 'formatted_name', nameAt);
  stringFields(name, nameAt, ['first_name', 'last_name', 'middle_name', 'suffix', 'prefix']);
  const lists = [
    ['phones', ['phone', 'type', 'wa_id']],
    ['emails', ['email', 'type']],
    ['urls', ['url', 'type']],
    ['addresses', ['street', 'city', 'state', 'zip', 'country', 'country_code', 'type']],
  ] as const;
  for (const [key, fields] of lists) {
    optionalArray(contact, key, at, listRule(key))?.forEach((item, i) => stringFields(item, join(join(at, key), i), fields));
  }
  const org = optionalObject(contact, 'org', at);
  if (org) stringFields(org, join(at, 'org'), ['company', 'department', 'title']);
  const birthday = optionalString(contact, 'birthday', at);
  if (birthday !== undefined && !isCalendarDate(birthday)) throw badValue(join(at, 'birthday'), 'must be a date as YYYY-MM-DD');
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** `contacts` is the one type whose content is an array, as on the wire. */
export function validateContacts(body: Json): Json[] {
  const contacts = requiredArray(body, 'contacts', '', { min: 1, max: limits.contacts, code: 'parameterValueInvalid', noun: 'contacts' });
  contacts.forEach((contact, i) => validateContact(contact, join('contacts', i)));
  return structuredClone(contacts);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
/** Pictographs, flags (regional-indicator pairs) and keycaps (`1️⃣`) are emoji; plain letters and digits are not. */
const emojiPattern = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** One emoji, or `""` which removes the reaction. */
export function isReactionEmoji(value: string): boolean {
  if (value === '') return true;
  const segments = [...graphemes.segment(value)];
  return segments.length === 1 && emojiPattern.test(value);
}

export function validateReaction(reaction: Json): Json {
  requiredWamid(reaction, 'message_id', 'reaction');
  const emoji = requiredString(reaction, 'emoji', 'reaction', { allowEmpty: true });
  if (!isReactionEmoji(emoji)) throw badValue('reaction.emoji', 'must be a single emoji, or "" to remove the reaction');
  return { ...reaction };
}
