import { invalidParameter } from '../core/graph-errors.js';
import { parseListArgument } from './expansion.js';

/**
 * Reads analytics parameters that arrive either typed, from a parsed field expansion, or as
 * query-string text (`GET /{waba}/pricing_analytics?dimensions=COUNTRY,TIER`, template_analytics).
 * Every refusal is error 100 whose details begin with `<field>.<param>: `. Enum values are read
 * case-insensitively: Meta's own template_analytics example sends `granularity=daily`.
 */
export interface ParamReader {
  /** A required unix timestamp in seconds. */
  timestamp(name: string): number;
  /** One value, when given. */
  text(name: string): string | undefined;
  /** A required enum value. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T;
  /** An enum list, duplicates dropped; `aliases` maps other spellings Meta documents onto an allowed value. */
  listOf<T extends string>(name: string, allowed: readonly T[], aliases?: Readonly<Record<string, string>>): T[];
  numbersOf<T extends number>(name: string, allowed: readonly T[]): T[];
  /** A list of free-form items, each checked by `pattern` and named `what` when it fails. */
  matching(name: string, rule: { pattern: RegExp; what: string }): string[];
  /** Business phone numbers as digits; a leading + is dropped, since Graph stores numbers without it. */
  phoneNumbers(name?: string): string[];
  /** ISO 3166 alpha-2 codes, upper-cased. */
  countryCodes(name?: string): string[];
}

export function paramReader(field: string, params: Readonly<Record<string, unknown>>): ParamReader {
  const path = (name: string): string => `${field}.${name}`;
  const raw = (name: string): unknown => (Object.hasOwn(params, name) ? params[name] : undefined);

  const single = (name: string): string | undefined => {
    const value = raw(name);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value)) {
      if (value.length !== 1) throw invalidParameter(`${path(name)}: takes exactly one value, got ${value.length}`);
      return String(value[0]).trim();
    }
    return String(value).trim();
  };

  const list = (name: string): string[] => {
    const value = raw(name);
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value.map((item) => String(item).trim());
    if (typeof value === 'number') return [String(value)];
    return parseListArgument(String(value), path(name));
  };

  const notOneOf = (name: string, value: string, allowed: readonly (string | number)[]) =>
    invalidParameter(`${path(name)}: "${value}" is not one of ${allowed.join(', ')}`);

  const matching = (name: string, rule: { pattern: RegExp; what: string }): string[] =>
    list(name).map((item) => {
      if (!rule.pattern.test(item)) throw invalidParameter(`${path(name)}: "${item}" is not ${rule.what}`);
      return item;
    });

  return {
    timestamp(name) {
      const value = single(name);
      if (value === undefined || value === '') throw invalidParameter(`${path(name)}: is required (a unix timestamp in seconds)`);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw invalidParameter(`${path(name)}: "${value}" is not a unix timestamp in seconds`);
      return Number(value);
    },
    text: single,
    oneOf(name, allowed) {
      const value = single(name);
      if (value === undefined || value === '') throw invalidParameter(`${path(name)}: is required, one of ${allowed.join(', ')}`);
      const upper = value.toUpperCase();
      if (!(allowed as readonly string[]).includes(upper)) throw notOneOf(name, value, allowed);
      return upper as (typeof allowed)[number];
    },
    listOf(name, allowed, aliases = {}) {
      const values = list(name).map((item) => {
        const upper = item.toUpperCase();
        const value = Object.hasOwn(aliases, upper) ? (aliases[upper] as string) : upper;
        if (!(allowed as readonly string[]).includes(value)) throw notOneOf(name, item, allowed);
        return value as (typeof allowed)[number];
      });
      return [...new Set(values)];
    },
    numbersOf(name, allowed) {
      const values = list(name).map((item) => {
        const value = allowed.find((n) => String(n) === item);
        if (value === undefined) throw notOneOf(name, item, allowed);
        return value;
      });
      return [...new Set(values)];
    },
    matching,
    phoneNumbers(name = 'phone_numbers') {
      return list(name).map((item) => {
        const digits = item.replace(/^\+/, '');
        if (!/^\d{5,15}$/.test(digits)) throw invalidParameter(`${path(name)}: "${item}" is not a phone number (digits only)`);
        return digits;
      });
    },
    countryCodes(name = 'country_codes') {
      return matching(name, { pattern: /^[A-Za-z]{2}$/, what: 'a two-letter country code' }).map((code) => code.toUpperCase());
    },
  };
}
