import { finding, join, type Finding } from './findings.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const present = (value: unknown): boolean => value !== undefined && value !== null;

/**
 * Reads fields of an untrusted create payload, noting every problem instead of throwing, so one
 * answer lists them all. A missing or mistyped field reads as `undefined`; the caller keeps going.
 */
export class Reader {
  readonly findings: Finding[] = [];

  missing(path: string): undefined {
    this.findings.push(finding('payload.missing', path, `Add ${path}: it is required.`));
    return undefined;
  }

  wrongType(path: string, expected: string): undefined {
    this.findings.push(finding('payload.wrong_type', path, `Make ${path} ${expected}.`));
    return undefined;
  }

  string(obj: Json, key: string, at: string, required = false): string | undefined {
    const path = join(at, key);
    const value = obj[key];
    if (!present(value)) return required ? this.missing(path) : undefined;
    return typeof value === 'string' ? value : this.wrongType(path, 'a string');
  }

  /** A string or, as Graph ids often arrive, a number (`flow_id: 1234`), read as a string. */
  id(obj: Json, key: string, at: string): string | undefined {
    const value = obj[key];
    return typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : this.string(obj, key, at);
  }

  boolean(obj: Json, key: string, at: string): boolean | undefined {
    const value = obj[key];
    if (!present(value)) return undefined;
    return typeof value === 'boolean' ? value : this.wrongType(join(at, key), 'true or false');
  }

  integer(obj: Json, key: string, at: string): number | undefined {
    const value = obj[key];
    if (!present(value)) return undefined;
    return Number.isInteger(value) ? (value as number) : this.wrongType(join(at, key), 'an integer');
  }

  /** One of `allowed`, compared without case (Meta's examples mix `UTILITY` and `utility`). */
  oneOf<T extends string>(obj: Json, key: string, at: string, allowed: readonly T[], required = false): T | undefined {
    const path = join(at, key);
    const value = this.string(obj, key, at, required);
    if (value === undefined) return undefined;
    const match = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
    if (match !== undefined) return match;
    this.findings.push(finding('payload.unknown_value', path, `Set ${path} to one of ${allowed.join(', ')}; "${value}" is not one.`));
    return undefined;
  }

  object(obj: Json, key: string, at: string, required = false): Json | undefined {
    const path = join(at, key);
    const value = obj[key];
    if (!present(value)) return required ? this.missing(path) : undefined;
    return isObject(value) ? value : this.wrongType(path, 'an object');
  }

  /** An array whose items are objects; items that are not are reported and skipped. */
  objects(obj: Json, key: string, at: string, required = false): { item: Json; path: string }[] | undefined {
    const path = join(at, key);
    const value = obj[key];
    if (!present(value)) return required ? this.missing(path) : undefined;
    if (!Array.isArray(value)) return this.wrongType(path, 'an array');
    return value.flatMap((item: unknown, i) =>
      isObject(item) ? [{ item, path: join(path, i) }] : (this.wrongType(join(path, i), 'an object'), []),
    );
  }

  strings(obj: Json, key: string, at: string): string[] | undefined {
    const path = join(at, key);
    const value = obj[key];
    if (!present(value)) return undefined;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return this.wrongType(path, 'an array of strings');
    return value as string[];
  }
}
