import { invalidParameter } from '../core/graph-errors.js';
import { splitFieldExpansions } from '../http/fields.js';

export { splitFieldExpansions };
import { EXPANSION_MODIFIERS, isAnalyticsField, type AnalyticsField, type ModifierKind } from './catalog.js';

/**
 * Graph field-expansion syntax for the analytics fields (spec/cloud-api.md §8.4):
 * `pricing_analytics.start(1748761200).granularity(DAILY).dimensions(PRICING_CATEGORY,TIER)`.
 * Meta's own examples write a list argument every way Graph accepts, and we accept them all:
 * `dimensions(A,B)`, `dimensions([A,B])`, `dimensions(["A","B"])`, `phone_numbers([])`, `country_codes()`.
 * Graph answers real syntax errors with code 2500 ("Syntax error … at character N"); the brief for
 * chatapp is code 100 naming the part, which is what every throw here gives.
 */
export type ModifierValue = string | string[] | number;

export interface Expansion {
  readonly field: AnalyticsField;
  readonly modifiers: Readonly<Record<string, ModifierValue>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Parses one expansion (one top-level item of `fields`) into its field and typed modifiers. */
export function parseExpansion(raw: string): Expansion {
  const text = raw.trim();
  const field = NAME.exec(text)?.[0];
  if (field === undefined) throw invalidParameter(`fields: "${raw}" does not begin with a field name`);
  if (!isAnalyticsField(field)) throw invalidParameter(`fields: ${field} is not an analytics field`);
  const kinds: Readonly<Record<string, ModifierKind>> = EXPANSION_MODIFIERS[field];
  const modifiers: Record<string, ModifierValue> = {};
  let at = field.length;
  while ((at = skipSpace(text, at)) < text.length) {
    if (text[at] === ')') throw invalidParameter(`${field}: unbalanced parentheses, a ")" closes nothing`);
    if (text[at] !== '.') throw invalidParameter(`${field}: unexpected "${text.slice(at)}"; modifiers follow a ".", as in .start(…)`);
    at = skipSpace(text, at + 1);
    const modifier = NAME.exec(text.slice(at))?.[0];
    if (modifier === undefined) throw invalidParameter(`${field}: a modifier name must follow "."`);
    const path = `${field}.${modifier}`;
    // hasOwn, not `in`: "constructor" or "toString" must not pass for modifiers.
    if (!Object.hasOwn(kinds, modifier)) throw invalidParameter(`${path}: unknown modifier; ${field} takes ${Object.keys(kinds).join(', ')}`);
    if (Object.hasOwn(modifiers, modifier)) throw invalidParameter(`${path}: given more than once`);
    at = skipSpace(text, at + modifier.length);
    if (text[at] !== '(') throw invalidParameter(`${path}: its value must follow in parentheses, as in ${modifier}(…)`);
    const close = closingParenthesis(text, { open: at, path });
    modifiers[modifier] = readArgument(text.slice(at + 1, close), { path, kind: kinds[modifier] as ModifierKind });
    at = close + 1;
  }
  return { field, modifiers };
}

/**
 * Reads a list however Graph accepts one: `[a,b]`, `a,b`, `["a","b"]`, `['a']` or empty. The
 * template_analytics query string uses the same forms (`template_ids=[1,2]`, `metric_types=cost,sent`).
 * An item quoted with commas inside is split too: Meta's guide itself sends `["COUNTRY,PHONE"]`.
 */
export function parseListArgument(text: string, path: string): string[] {
  let body = text.trim();
  if (body.startsWith('[') !== body.endsWith(']') || body === '[' || body === ']') throw invalidParameter(`${path}: unbalanced brackets`);
  if (body.startsWith('[')) body = body.slice(1, -1);
  return splitItems(body, path).flatMap((item) => (item.includes(',') ? item.split(',').map((part) => part.trim()) : [item]));
}

function readArgument(inner: string, options: { path: string; kind: ModifierKind }): ModifierValue {
  const { path, kind } = options;
  const items = parseListArgument(inner, path);
  if (kind === 'list') return items;
  if (items.length !== 1) throw invalidParameter(`${path}: takes exactly one value, got ${items.length}`);
  const value = items[0] as string;
  if (kind === 'value') return value;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalidParameter(`${path}: "${value}" is not a unix timestamp in seconds`);
  return Number(value);
}

function splitItems(body: string, path: string): string[] {
  if (body.trim() === '') return [];
  const items: string[] = [];
  for (let i = 0; ; i++) {
    i = skipSpace(body, i);
    const ch = body[i] ?? '';
    if (ch === '[' || ch === ']') throw invalidParameter(`${path}: unbalanced brackets`);
    if (ch === '"' || ch === "'") {
      const end = closingQuote(body, { open: i, path });
      items.push(body.slice(i + 1, end).replace(/\\(.)/g, '$1'));
      i = skipSpace(body, end + 1);
    } else {
      const bare = /^[^,"'[\]()]*/.exec(body.slice(i))?.[0] ?? '';
      if (ch === '(' || ch === ')') throw invalidParameter(`${path}: unexpected "${ch}" in the list`);
      if (bare.trim() === '') throw invalidParameter(`${path}: an item of the list is empty`);
      items.push(bare.trim());
      i += bare.length;
    }
    if (i >= body.length) return items;
    if (body[i] === '[' || body[i] === ']') throw invalidParameter(`${path}: unbalanced brackets`);
    if (body[i] !== ',') throw invalidParameter(`${path}: unexpected "${body.slice(i)}" in the list`);
  }
}

function closingParenthesis(text: string, options: { open: number; path: string }): number {
  let depth = 0;
  for (let i = options.open + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") i = closingQuote(text, { open: i, path: options.path });
    else if (ch === '(') depth++;
    else if (ch === ')' && depth-- === 0) return i;
  }
  throw invalidParameter(`${options.path}: unbalanced parentheses, "(" is never closed`);
}

function closingQuote(text: string, options: { open: number; path: string }): number {
  const quote = text[options.open];
  for (let i = options.open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  throw invalidParameter(`${options.path}: a quoted value is never closed`);
}

const skipSpace = (text: string, at: number): number => {
  while (at < text.length && /\s/.test(text[at] as string)) at++;
  return at;
};
