import type { ParameterFormat } from './types.js';

/**
 * The `{{…}}` variables of a template text. POSITIONAL templates number them `{{1}}`, `{{2}}`…;
 * NAMED ones name them `{{first_name}}` (spec §1.3, §3.2). Anything else between double braces is
 * an invalid variable; stray braces are "mismatched braces" in Meta's review (spec §3.5).
 */
export interface Placeholder {
  /** The token as written, `{{1}}`. */
  raw: string;
  /** What is between the braces, `1`. */
  inner: string;
  kind: 'positional' | 'named' | 'invalid';
  start: number;
  end: number;
}

const token = /\{\{([^{}]*)\}\}/g;
const positional = /^\d+$/;
/** Spec §1.3: named parameters are lowercase a-z and underscores. */
export const namedParameterPattern = /^[a-z_]+$/;

const kindOf = (inner: string): Placeholder['kind'] =>
  positional.test(inner) ? 'positional' : namedParameterPattern.test(inner) ? 'named' : 'invalid';

export function placeholders(text: string): Placeholder[] {
  return [...text.matchAll(token)].map((m) => ({
    raw: m[0],
    inner: m[1] ?? '',
    kind: kindOf(m[1] ?? ''),
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * True when braces are left over once the well-formed tokens are taken out: a `{{` or `}}`
 * without its partner (`{{1}`, `1}}`) or a third brace touching a token (`{{{1}}}`). A lone
 * `{word}` is left alone: it is text, not a broken variable.
 */
export function hasMismatchedBraces(text: string): boolean {
  const rest = text.replace(token, '\u0000');
  return /\{\{|\}\}|\{\u0000|\u0000\}/.test(rest);
}

/** Which format a token belongs to, for a text whose tokens are all valid. */
export const formatOf = (p: Placeholder): ParameterFormat | undefined =>
  p.kind === 'positional' ? 'POSITIONAL' : p.kind === 'named' ? 'NAMED' : undefined;

/** The distinct variables of a text in order of first appearance (`['1','2']` or `['first_name']`). */
export function parameterNames(text: string | undefined): string[] {
  if (text === undefined) return [];
  return [...new Set(placeholders(text).filter((p) => p.kind !== 'invalid').map((p) => p.inner))];
}

/** Replaces each variable with `value(inner)`; a token `value` knows nothing of is left as written. */
export function substitute(text: string, value: (inner: string) => string | undefined): string {
  return text.replace(token, (raw, inner: string) => value(inner) ?? raw);
}

/** Words that are not variables: whitespace-separated runs holding a letter or a digit. */
export function wordCount(text: string): number {
  return text
    .replace(token, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}
