import { invalidParameter } from '../../../core/graph-errors.js';

/** Readers of Graph parameters for the standalone routes: what each call needs, or Meta's 100 naming it. */

export function optionalString(params: Record<string, unknown>, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a string`);
  return value;
}

export function requiredString(params: Record<string, unknown>, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw invalidParameter(`${name} is required`);
  return value;
}

/** `fields` as Graph takes it: `a,b`, `["a","b"]` or an array. */
export function listParam(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String).map((f) => f.trim()).filter(Boolean);
  if (typeof value !== 'string') throw invalidParameter(`${name} must be a comma-separated list`);
  if (value.trim().startsWith('[')) {
    try {
      const parsed = JSON.parse(value) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      throw invalidParameter(`${name} is not a valid JSON array`);
    }
  }
  return value.split(',').map((f) => f.trim()).filter(Boolean);
}
