import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * Meta's published OpenAPI 3.1 of the WhatsApp Business Platform (v23.0), read from outside the
 * repository and turned into plain JSON Schema 2020-12 for Ajv. `meta-openapi.ts` is the API
 * tests use; this file only locates, parses and rewrites.
 *
 * The yaml is kept in the repository, unchanged, in `spec/meta-openapi/` with Meta's MIT licence
 * (a copy of the one beside DESIGN.md), so a fresh clone's `npm test` needs nothing else. Missing,
 * it fails loudly.
 *
 * What the rewrite does to Meta's schemas, and why (each is the smallest change that keeps the
 * contract meaningful; nothing is loosened to let chatapp pass):
 * - `$ref: '#/components/schemas/X'` → an absolute ref into one registered document whose
 *   `$defs` are the 370 components, so every schema compiles against the same definitions.
 *   A ref to anything else inside a schema is an error (there are none in v23.0).
 * - `nullable: true` (OpenAPI 3.0, once in v23.0) → `type: [t, 'null']`, as 3.1 spells it.
 * - `discriminator` + `oneOf` (Message, IncomingMessage) → the tag is required and one of the
 *   mapping's keys, and the mapped schema applies (`if tag = k then $ref mapping[k]`). That is
 *   what the discriminator says; a bare `oneOf` would fail payloads that fit two loose branches.
 * - `discriminator` on a base schema whose variants `allOf` it (TemplateComponent,
 *   ParameterObject, ButtonParameterObject, an inline `interactive`) → the same dispatch, to the
 *   variant minus its `allOf` back to the base (else validation would recurse forever).
 * - The webhook block's merge bug, see `repairWebhookMerge`.
 * - Annotations (`example`, `description`, `default`) are kept and ignored; formats are checked
 *   by ajv-formats, which knows all ten Meta uses (see `meta-openapi.ts`).
 * - `additionalProperties: false` inside one `allOf` branch (the outbound TextMessage,
 *   ImageMessage … InteractiveMessage: `allOf: [BaseMessageProperties, {type, text, additionalProperties: false}]`)
 *   forbids the base's own `to` and `messaging_product`, so read literally no send request can
 *   validate — not even Meta's own examples. It is read as meant: no property beyond those the
 *   `allOf` declares (`unevaluatedProperties: false` on the holder). Still closed, no longer absurd.
 */

export const META_OPENAPI_DIR = fileURLToPath(new URL('../../spec/meta-openapi/', import.meta.url));
export const META_OPENAPI_FILE = `${META_OPENAPI_DIR}business-messaging-api_v23.0.yaml`;
/** The `$id` of the document holding every component schema under `$defs`. */
export const COMPONENTS_ID = 'https://meta-openapi.test/v23.0/components.json';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface MetaOpenApi {
  readonly openapi: string;
  readonly paths: Record<string, Record<string, JsonObject>>;
  readonly components: { schemas: Record<string, JsonObject>; responses?: Record<string, JsonObject>; [k: string]: unknown };
}

/** Reads and parses the yaml; throws a message naming where it looked and how CI provides it. */
export function readMetaOpenApi(file = META_OPENAPI_FILE): MetaOpenApi {
  if (!fs.existsSync(file)) {
    throw new Error(
      `Meta's OpenAPI contract is missing: expected ${file}, kept in the repository at spec/meta-openapi/. ` +
        'The conformance suites need it and never skip.',
    );
  }
  const doc = parse(fs.readFileSync(file, 'utf8')) as MetaOpenApi;
  if (!doc?.openapi?.startsWith('3.1') || !doc.components?.schemas || !doc.paths) throw new Error(`${file} is not the OpenAPI 3.1 document expected (openapi: ${String(doc?.openapi)})`);
  return doc;
}

const schemaRef = (name: string) => `#/components/schemas/${name}`;
const nameOfRef = (ref: string): string | undefined => (ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined);
const pointerEscape = (s: string) => s.replaceAll('~', '~0').replaceAll('/', '~1');
export const componentRef = (name: string) => `${COMPONENTS_ID}#/$defs/${pointerEscape(name)}`;

/** Every `$ref` and discriminator-mapping target in `node`, with a callback that may replace it. */
function eachRef(node: Json, visit: (ref: string) => string): void {
  if (Array.isArray(node)) return node.forEach((n) => eachRef(n, visit));
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string') node.$ref = visit(node.$ref);
  const mapping = (node.discriminator as JsonObject | undefined)?.mapping;
  if (mapping && typeof mapping === 'object' && !Array.isArray(mapping)) for (const [k, v] of Object.entries(mapping)) if (typeof v === 'string') mapping[k] = visit(v);
  for (const value of Object.values(node)) eachRef(value, visit);
}

/**
 * Meta's file is several specs merged; clashing component names got a suffix (`TextMessage_2`)
 * but the refs to them were not rewritten. The webhook spec is the last block of components
 * (`WebhookPayload` … `SystemMessage`); its IncomingMessage points at the *outbound* send
 * schemas (TextMessage: `to`, `recipient_type` required, `additionalProperties: false`) and its
 * variants at the outbound BaseMessageProperties, while its own TextMessage_2, ImageMessage_1,
 * BaseMessageProperties_1, ErrorObject_2 … are referenced by nothing. As published, no inbound
 * message webhook Meta has ever sent validates. Inside that block, a ref to `X` is therefore read
 * as the block's own `X_k`. Returns the renames applied (the test proves each target was orphaned).
 */
export function repairWebhookMerge(schemas: Record<string, JsonObject>): Map<string, string> {
  const names = Object.keys(schemas);
  const start = names.indexOf('WebhookPayload');
  if (start < 0) throw new Error('WebhookPayload is not among the component schemas');
  const block = new Set(names.slice(start));
  const renames = new Map<string, string>();
  for (const name of block) {
    const base = /^(.+)_\d+$/.exec(name)?.[1];
    if (base && schemas[base] && !block.has(base)) renames.set(base, name);
  }
  for (const name of block) {
    eachRef(schemas[name]!, (ref) => {
      const target = nameOfRef(ref);
      const renamed = target === undefined ? undefined : renames.get(target);
      return renamed ? schemaRef(renamed) : ref;
    });
  }
  return renames;
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'dependentSchemas'] as const;
const SUBSCHEMA = ['items', 'additionalProperties', 'unevaluatedProperties', 'unevaluatedItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames'] as const;
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

export interface TransformContext {
  /** Component schemas as they stand after the merge repair (read, not rewritten, by `toJsonSchema`). */
  readonly components: Record<string, JsonObject>;
  /** Synthetic components created for discriminator variants, added to `$defs` by the caller. */
  readonly extra: Record<string, JsonObject>;
  /** The component being transformed, when the schema is its root (a base discriminator needs it). */
  readonly componentName?: string | undefined;
}

/** A deep copy of an OpenAPI 3.1 schema as plain JSON Schema 2020-12 (see the file comment). */
export function toJsonSchema(schema: Json, ctx: TransformContext): Json {
  if (Array.isArray(schema) || !schema || typeof schema !== 'object') return schema;
  const out: JsonObject = {};
  // Below the root, a discriminator is an inline one: it belongs to no component of its own.
  const inner: TransformContext = { ...ctx, componentName: undefined };
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref') {
      const name = typeof value === 'string' ? nameOfRef(value) : undefined;
      if (name === undefined || !(name in ctx.components)) throw new Error(`unresolvable $ref in a schema: ${JSON.stringify(value)}`);
      out.$ref = componentRef(name);
    } else if ((SUBSCHEMA_MAPS as readonly string[]).includes(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, inner)]));
    } else if ((SUBSCHEMA as readonly string[]).includes(key)) {
      out[key] = toJsonSchema(value, inner);
    } else if ((SUBSCHEMA_LISTS as readonly string[]).includes(key) && Array.isArray(value)) {
      out[key] = value.map((v) => toJsonSchema(v, inner));
    } else if (key === 'nullable' || key === 'discriminator') {
      // handled below
    } else {
      out[key] = structuredClone(value);
    }
  }
  if (schema.nullable === true) makeNullable(out);
  closeAllOf(out);
  if (schema.discriminator && typeof schema.discriminator === 'object' && !Array.isArray(schema.discriminator)) {
    applyDiscriminator(out, schema.discriminator, ctx);
  }
  return out;
}

/** `additionalProperties: false` in one `allOf` branch → `unevaluatedProperties: false` on the whole (see the file comment). */
function closeAllOf(out: JsonObject): void {
  if (!Array.isArray(out.allOf)) return;
  let closed = false;
  for (const branch of out.allOf) {
    if (branch && typeof branch === 'object' && !Array.isArray(branch) && branch.additionalProperties === false) {
      delete branch.additionalProperties;
      closed = true;
    }
  }
  if (closed) out.unevaluatedProperties = false;
}

function makeNullable(out: JsonObject): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

function applyDiscriminator(out: JsonObject, discriminator: JsonObject, ctx: TransformContext): void {
  const tag = discriminator.propertyName;
  const mapping = discriminator.mapping;
  if (typeof tag !== 'string' || !mapping || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new Error(`a discriminator without propertyName and mapping is not handled: ${JSON.stringify(discriminator)}`);
  }
  const entries = Object.entries(mapping).map(([value, ref]) => {
    const name = typeof ref === 'string' ? nameOfRef(ref) : undefined;
    if (name === undefined || !ctx.components[name]) throw new Error(`discriminator mapping ${value} → ${String(ref)} does not resolve`);
    return [value, name] as const;
  });
  // The dispatch below replaces the oneOf, so it must name the same schemas as the mapping.
  const branches = (out.oneOf ?? out.anyOf) as JsonObject[] | undefined;
  if (branches) {
    const mapped = new Set(entries.map(([, name]) => componentRef(name)));
    const listed = new Set(branches.map((b) => b.$ref));
    if (mapped.size !== listed.size || [...listed].some((ref) => typeof ref !== 'string' || !mapped.has(ref))) {
      throw new Error(`a discriminator whose oneOf and mapping name different schemas is not handled: ${JSON.stringify(discriminator)}`);
    }
  }
  delete out.oneOf;
  delete out.anyOf;
  const dispatch: Json[] = [{ required: [tag], properties: { [tag]: { enum: entries.map(([value]) => value) } } }];
  for (const [value, name] of entries) {
    dispatch.push({ if: { required: [tag], properties: { [tag]: { const: value } } }, then: { $ref: componentRef(variantOf(name, ctx)) } });
  }
  out.allOf = [...((out.allOf as Json[] | undefined) ?? []), ...dispatch];
}

/** The mapped component, or — when it `allOf`s the base holding the discriminator — a copy without that branch. */
function variantOf(name: string, ctx: TransformContext): string {
  const base = ctx.componentName;
  const target = ctx.components[name]!;
  const allOf = target.allOf;
  if (!base || !Array.isArray(allOf) || !allOf.some((s) => isRefTo(s, base))) return name;
  const variant = `${name}__variant_of_${base}`;
  if (!ctx.extra[variant]) {
    ctx.extra[variant] = {}; // placeholder against cycles
    ctx.extra[variant] = toJsonSchema({ ...target, allOf: allOf.filter((s) => !isRefTo(s, base)) }, { ...ctx, componentName: name }) as JsonObject;
  }
  return variant;
}

const isRefTo = (s: Json, name: string) => !!s && typeof s === 'object' && !Array.isArray(s) && s.$ref === schemaRef(name);

/** Every `$ref` string in the document (outside and inside schemas) with where it sits. */
export function allRefs(doc: unknown): { at: string; ref: string }[] {
  const found: { at: string; ref: string }[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}/${i}`));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (typeof record.$ref === 'string') found.push({ at, ref: record.$ref });
    const mapping = (record.discriminator as { mapping?: Record<string, unknown> } | undefined)?.mapping;
    if (mapping) for (const [k, v] of Object.entries(mapping)) if (typeof v === 'string') found.push({ at: `${at}/discriminator/mapping/${k}`, ref: v });
    for (const [k, v] of Object.entries(record)) walk(v, `${at}/${pointerEscape(k)}`);
  };
  walk(doc, '#');
  return found;
}

/** Resolves a local `#/…` JSON pointer in `doc`, or undefined. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!node || typeof node !== 'object' || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
