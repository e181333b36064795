import { GraphError } from './graph-errors.js';

/** A Graph node's fields, as presented before `fields=` picks among them. */
export type GraphFields = Record<string, unknown>;

/**
 * Splits a Graph `fields` parameter at top-level commas: `a,b{c,d},e.limit(5)` → `a`, `b{c,d}`,
 * `e.limit(5)`. Commas inside (), [], {} or quotes belong to an item's modifiers.
 */
export function splitFieldExpansions(raw: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"' || ch === "'") {
      const close = raw.indexOf(ch, i + 1);
      i = close < 0 ? raw.length : close;
    } else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      items.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  items.push(raw.slice(start));
  return items.map((item) => item.trim()).filter(Boolean);
}

/** The field names a `fields` parameter asks for: `a,b{c,d},e.limit(5)` → `a`, `b`, `e`. Modifiers are for the fields that read them. */
export function parseFields(raw: unknown): string[] | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new GraphError('invalidParameter', 'fields must be a comma-separated list of field names');
  return splitFieldExpansions(raw).map((n) => n.split(/[.{(]/)[0]!.trim()).filter(Boolean);
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
