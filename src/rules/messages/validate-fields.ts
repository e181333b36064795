import { GraphError } from '../../core/graph-errors.js';

/**
 * Readers shared by the send validators. Every failure names its field by path
 * (`interactive.action.buttons[0].reply.title: …`) in `error_data.details`.
 *
 * Which code a failure carries follows what Meta answers (spec §5), as far as we have seen it:
 * - 131008 when a required field is absent (or `null`);
 * - 100 for Graph's parameter layer: a field of the wrong JSON type, and the length limits Graph
 *   declares on the send schema (Meta: "(#100) Param text['body'] must be at most 4096 characters long");
 * - 131009 for WhatsApp's own rules on a well-typed value: counts, uniqueness, formats, ranges
 *   (Meta: "(#131009) … Button title length invalid. Min length: 1, Max length: 20").
 */
export type Json = Record<string, unknown>;
/** `invalidParameter` (100) or `parameterValueInvalid` (131009). */
export type ValueCode = 'invalidParameter' | 'parameterValueInvalid';

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Meta's limits are in characters, not bytes or UTF-16 units: we count Unicode code points, so "😀"
 * and a precomposed "é" are 1 each. How Meta counts combined emoji is not documented; code points
 * count 👍🏽 as 2, the stricter reading.
 */
export const charLength = (text: string): number => [...text].length;

export const join = (at: string, key: string | number): string =>
  typeof key === 'number' ? `${at}[${key}]` : at === '' ? key : `${at}.${key}`;

export const missing = (path: string): GraphError => new GraphError('requiredParameterMissing', `${path}: is required`);
export const badParam = (path: string, problem: string): GraphError => new GraphError('invalidParameter', `${path}: ${problem}`);
export const badValue = (path: string, problem: string): GraphError => new GraphError('parameterValueInvalid', `${path}: ${problem}`);
export const fail = (code: ValueCode, path: string, problem: string): GraphError => new GraphError(code, `${path}: ${problem}`);

const present = (value: unknown): boolean => value !== undefined && value !== null;

export interface TextRule {
  /** Maximum length in characters (code points). */
  readonly max?: number;
  /** The code for an empty or too long value; 100 unless said otherwise. */
  readonly code?: ValueCode;
  /** Allow `""` (a reaction's emoji, which removes the reaction). */
  readonly allowEmpty?: boolean;
}

function checkText(value: unknown, path: string, rule: TextRule): string {
  if (typeof value !== 'string') throw badParam(path, 'must be a string');
  const code = rule.code ?? 'invalidParameter';
  if (value.length === 0 && !rule.allowEmpty) throw fail(code, path, 'must not be empty');
  if (rule.max !== undefined && charLength(value) > rule.max) throw fail(code, path, `must be at most ${rule.max} characters`);
  return value;
}

export function requiredString(obj: Json, key: string, at: string, rule: TextRule = {}): string {
  const path = join(at, key);
  if (!present(obj[key])) throw missing(path);
  return checkText(obj[key], path, rule);
}

export function optionalString(obj: Json, key: string, at: string, rule: TextRule = {}): string | undefined {
  return present(obj[key]) ? checkText(obj[key], join(at, key), rule) : undefined;
}

export function optionalBoolean(obj: Json, key: string, at: string): boolean | undefined {
  const value = obj[key];
  if (!present(value)) return undefined;
  if (typeof value !== 'boolean') throw badParam(join(at, key), 'must be a boolean');
  return value;
}

export function requiredObject(obj: Json, key: string, at: string): Json {
  const path = join(at, key);
  if (!present(obj[key])) throw missing(path);
  return optionalObject(obj, key, at) as Json;
}

export function optionalObject(obj: Json, key: string, at: string): Json | undefined {
  const value = obj[key];
  if (!present(value)) return undefined;
  if (!isObject(value)) throw badParam(join(at, key), 'must be an object');
  return value;
}

/** An array of objects with `min`..`max` entries; the count rule fails with `code`. */
export function requiredArray(obj: Json, key: string, at: string, rule: { min: number; max: number; code: ValueCode; noun: string }): Json[] {
  const path = join(at, key);
  if (!present(obj[key])) throw missing(path);
  return checkArray(obj[key], path, rule);
}

export function optionalArray(obj: Json, key: string, at: string, rule: { min: number; max: number; code: ValueCode; noun: string }): Json[] | undefined {
  return present(obj[key]) ? checkArray(obj[key], join(at, key), rule) : undefined;
}

function checkArray(value: unknown, path: string, rule: { min: number; max: number; code: ValueCode; noun: string }): Json[] {
  if (!Array.isArray(value)) throw badParam(path, 'must be an array');
  if (value.length < rule.min || value.length > rule.max) {
    throw fail(rule.code, path, `must have ${rule.min === rule.max ? rule.min : `${rule.min} to ${rule.max}`} ${rule.noun}, not ${value.length}`);
  }
  value.forEach((item, i) => {
    if (!isObject(item)) throw badParam(join(path, i), 'must be an object');
  });
  return value as Json[];
}

/** One of the listed strings. Absent → 131008 when required; a string not listed → `code`. */
export function requiredEnum<T extends string>(obj: Json, key: string, at: string, allowed: readonly T[], code: ValueCode = 'parameterValueInvalid'): T {
  const value = requiredString(obj, key, at, { code });
  if (!(allowed as readonly string[]).includes(value)) throw fail(code, join(at, key), `must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export function optionalEnum<T extends string>(obj: Json, key: string, at: string, allowed: readonly T[], code: ValueCode = 'parameterValueInvalid'): T | undefined {
  return present(obj[key]) ? requiredEnum(obj, key, at, allowed, code) : undefined;
}

/** An absolute http(s) URL of at most `max` characters. */
export function requiredUrl(obj: Json, key: string, at: string, rule: { max: number; code: ValueCode }): string {
  const path = join(at, key);
  const value = requiredString(obj, key, at, rule);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(rule.code, path, 'must be an absolute http or https URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(rule.code, path, 'must be an absolute http or https URL');
  return value;
}

/** A message id as WhatsApp issues them: `wamid.…`. */
export function requiredWamid(obj: Json, key: string, at: string): string {
  const path = join(at, key);
  const value = requiredString(obj, key, at, { code: 'parameterValueInvalid' });
  if (!/^wamid\.\S+$/.test(value)) throw badValue(path, 'must be a WhatsApp message id (wamid.…)');
  return value;
}

/**
 * Latitude (±90) or longitude (±180), as a number or a numeric string (Meta's own example uses
 * strings); returned as a number.
 */
export function requiredCoordinate(obj: Json, key: 'latitude' | 'longitude', at: string): number {
  const path = join(at, key);
  const raw = obj[key];
  const bound = key === 'latitude' ? 90 : 180;
  if (!present(raw)) throw missing(path);
  let value: number;
  if (typeof raw === 'number') value = raw;
  else if (typeof raw === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(raw)) value = Number(raw);
  else throw badParam(path, 'must be a number');
  if (!Number.isFinite(value) || value < -bound || value > bound) throw badValue(path, `must be between -${bound} and ${bound}`);
  return value;
}

/** Media ids are digit strings. A JSON number is refused: ids pass 2^53 and would lose digits. */
export const mediaIdPattern = /^\d{1,32}$/;
export const maxLinkLength = 2000;

/**
 * A media reference: exactly one of `id` (uploaded media) or `link` (http/https URL Meta fetches).
 * Neither → 131008, both → 100, as in spec §1.3.
 */
export function checkMediaRef(obj: Json, at: string): void {
  const hasId = present(obj.id);
  const hasLink = present(obj.link);
  if (!hasId && !hasLink) throw missing(`${join(at, 'id')} or ${join(at, 'link')}`);
  if (hasId && hasLink) throw badParam(at, 'give either id or link, not both');
  if (hasId) {
    const id = requiredString(obj, 'id', at);
    if (!mediaIdPattern.test(id)) throw badParam(join(at, 'id'), 'must be a media id (digits)');
  } else {
    requiredUrl(obj, 'link', at, { max: maxLinkLength, code: 'invalidParameter' });
  }
}
