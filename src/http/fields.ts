import { GraphError } from '../core/graph-errors.js';
import type { GraphFields } from '../numbers/model.js';

/**
 * Splits a Graph `fields` parameter at top-level commas: `a,b{c,d},e.limit(5)` → `a`, `b`, `e`.
 * Sub-selections and modifiers are accepted but not yet interpreted.
 */
export function parseFields(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new GraphError('invalidParameter', 'fields must be a comma-separated list of field names');
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of raw) {
    if (ch === '{' || ch === '(') depth++;
    else if (ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      names.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  names.push(current);
  return names.map((n) => n.trim().split(/[.{(]/)[0]!.trim()).filter(Boolean);
}

/**
 * Picks the requested fields of a node (its defaults when none were asked for). `id` always comes
 * back, as on Graph; an unknown field is Meta's "nonexisting field" error naming it and the node type.
 */
export function selectFields(node: GraphFields, options: { requested: unknown; defaults: readonly string[]; nodeType: string }): GraphFields {
  const names = parseFields(options.requested) ?? options.defaults;
  const picked: GraphFields = {};
  for (const name of names) {
    if (!(name in node)) {
      throw new GraphError('nonexistingField', `Tried accessing nonexisting field (${name}) on node type (${options.nodeType})`, {
        message: `(#100) Tried accessing nonexisting field (${name}) on node type (${options.nodeType})`,
      });
    }
    picked[name] = node[name];
  }
  if ('id' in node) picked.id = node.id;
  return picked;
}
