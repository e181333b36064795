import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import {
  COMPONENTS_ID,
  componentRef,
  readMetaOpenApi,
  repairWebhookMerge,
  toJsonSchema,
  type Json,
  type JsonObject,
  type MetaOpenApi,
} from './meta-openapi-spec.js';

/**
 * A validator of Meta's published OpenAPI contract (v23.0) for the conformance suites: which
 * operation a request is, and whether a request body, a response or a webhook body has the
 * shape Meta's file gives it. How Meta's schemas become JSON Schema (refs, nullable,
 * discriminators, the webhook merge bug) is in `meta-openapi-spec.ts`.
 *
 * Strictness: Ajv 2020-12 with every error collected, schemas checked against the meta-schema
 * and unknown keywords refused (`example` is declared as an annotation). Relaxed only where
 * OpenAPI writes JSON Schema loosely by design: `required`/`properties` without a `type` beside
 * them (common in `allOf` branches). Formats are checked (ajv-formats: date-time, date, time,
 * email, uri, url, int32, int64, float, binary); a format Ajv does not know would be accepted and
 * listed in `ignoredFormats` rather than fail compilation.
 *
 * Errors come back as readable strings, `<JSON pointer>: <message>`, e.g.
 * `/messages/0/id: must be string (got number)`; an empty list means the payload validates.
 */

export type HttpMethod = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH'];

export interface MetaOperation {
  /** `POST /{Phone-Number-ID}/messages`: method and template without the `/{Version}` prefix. */
  readonly key: string;
  readonly method: HttpMethod;
  /** The path template without `/{Version}` (`/{WABA-ID}/phone_numbers`). */
  readonly template: string;
  /** The path as the spec writes it (`/{Version}/{WABA-ID}/phone_numbers`). */
  readonly specPath: string;
  readonly operationId: string | undefined;
  readonly summary: string | undefined;
  /** Documented response statuses (`200`, `400`, `default`, `2XX` …). */
  readonly statuses: readonly string[];
  /** Content types the request body may have; empty when there is no body. */
  readonly requestContentTypes: readonly string[];
}

// ajv-formats is CommonJS with a default export; under NodeNext its namespace is what imports.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

interface Loaded {
  readonly doc: MetaOpenApi;
  readonly ajv: Ajv2020;
  readonly operations: readonly MetaOperation[];
  readonly webhookRepairs: ReadonlyMap<string, string>;
  readonly ignoredFormats: Set<string>;
  readonly validators: Map<string, ValidateFunction>;
  /** Operation key → the path item's operation object, with its parameters. */
  readonly byKey: Map<string, JsonObject>;
  readonly transform: (schema: Json) => Json;
}

let loaded: Loaded | undefined;

/** Parses the yaml and registers the components once per process (a few hundred ms). */
function load(): Loaded {
  if (loaded) return loaded;
  const doc = readMetaOpenApi();
  // The raw document stays as published (the self-test walks it); the schemas are repaired on a copy.
  const components = structuredClone(doc.components.schemas);
  const webhookRepairs = repairWebhookMerge(components);
  const extra: Record<string, JsonObject> = {};
  const defs: Record<string, Json> = {};
  for (const [name, schema] of Object.entries(components)) defs[name] = toJsonSchema(schema, { components, extra, componentName: name });
  Object.assign(defs, extra);

  const ajv = new Ajv2020({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    verbose: true,
  });
  addFormats(ajv);
  ajv.addVocabulary(['example']);
  const ignoredFormats = new Set<string>();
  tolerateUnknownFormats({ ajv, ignoredFormats }, defs);
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: defs });

  const operations: MetaOperation[] = [];
  const byKey = new Map<string, JsonObject>();
  for (const [specPath, item] of Object.entries(doc.paths)) {
    for (const [verb, op] of Object.entries(item)) {
      const method = verb.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method)) continue;
      const template = specPath.replace(/^\/\{Version\}(?=\/|$)/, '') || '/';
      const key = `${method} ${template}`;
      const requestBody = resolveObject(doc, op.requestBody);
      operations.push({
        key,
        method,
        template,
        specPath,
        operationId: typeof op.operationId === 'string' ? op.operationId : undefined,
        summary: typeof op.summary === 'string' ? op.summary : undefined,
        statuses: Object.keys((op.responses as JsonObject | undefined) ?? {}),
        requestContentTypes: Object.keys((requestBody?.content as JsonObject | undefined) ?? {}),
      });
      byKey.set(key, op);
    }
  }
  loaded = {
    doc,
    ajv,
    operations,
    webhookRepairs,
    ignoredFormats,
    validators: new Map(),
    byKey,
    transform: (schema) => toJsonSchema(schema, { components, extra: {} }),
  };
  return loaded;
}

/** Keywords whose values are data, not schemas: a `format` inside them is an example's field. */
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/** The `format`s a (transformed) schema uses. */
function collectFormats(node: Json, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, into));
  else if (node && typeof node === 'object') {
    if (typeof node.format === 'string') into.add(node.format);
    for (const [key, value] of Object.entries(node)) if (!DATA_KEYWORDS.has(key) && typeof value === 'object') collectFormats(value, into);
  }
  return into;
}

/** Accepts (and records) formats Ajv does not know, so Meta's own inventions never break compilation. */
function tolerateUnknownFormats(target: { ajv: Ajv2020; ignoredFormats: Set<string> }, schema: Json): void {
  for (const format of collectFormats(schema)) {
    if (target.ajv.formats[format]) continue;
    target.ajv.addFormat(format, true);
    target.ignoredFormats.add(format);
  }
}

/** A `$ref: '#/components/responses/X'` (or requestBodies) followed, else the object itself. */
function resolveObject(doc: MetaOpenApi, node: Json | undefined): JsonObject | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  if (typeof node.$ref !== 'string') return node;
  const match = /^#\/components\/(\w+)\/(.+)$/.exec(node.$ref);
  const target = match ? (doc.components[match[1]!] as Record<string, JsonObject> | undefined)?.[match[2]!] : undefined;
  if (!target) throw new Error(`unresolvable $ref ${node.$ref}`);
  return resolveObject(doc, target);
}

/** All 113 operations of the contract, in the file's order — for coverage reports. */
export function metaOperations(): readonly MetaOperation[] {
  return load().operations;
}

/** Renames the webhook merge repair applied (`TextMessage` → `TextMessage_2` …). */
export function webhookMergeRepairs(): ReadonlyMap<string, string> {
  return load().webhookRepairs;
}

/** Formats Meta uses that Ajv does not know and that are therefore not checked (so far: none). */
export function ignoredFormats(): readonly string[] {
  return [...load().ignoredFormats];
}

/** The parsed document as published (no repairs), for tests that walk it. */
export function metaOpenApiDocument(): MetaOpenApi {
  return load().doc;
}

const segments = (path: string) => path.split('/').filter((s) => s !== '');
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);

/** Every operation whose template fits `method` and a concrete path (`/v23.0/123/messages?x=1`, version optional). */
export function operationsMatching(method: string, concretePath: string): MetaOperation[] {
  const path = segments(new URL(concretePath, 'http://x').pathname);
  const withoutVersion = /^v\d+\.\d+$/.test(path[0] ?? '') ? path.slice(1) : path;
  return load().operations.filter((op) => {
    if (op.method !== method.toUpperCase()) return false;
    const template = segments(op.template);
    return template.length === withoutVersion.length && template.every((t, i) => isParam(t) || t === withoutVersion[i]);
  });
}

/** The one operation a request is; throws naming the candidates when none or several fit (pass the template then). */
export function operationFor(method: string, concretePath: string): MetaOperation {
  const found = operationsMatching(method, concretePath);
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw new Error(`${method} ${concretePath} matches no operation of Meta's OpenAPI`);
  throw new Error(`${method} ${concretePath} is ambiguous in Meta's OpenAPI; name the operation: ${found.map((o) => `'${o.key}'`).join(', ')}`);
}

/** An operation by key: `POST /{Phone-Number-ID}/messages` (a `/{Version}` prefix is accepted too). */
export function operation(key: string): MetaOperation {
  const normalised = key.replace(/^(\w+) \/\{Version\}(?=\/)/, '$1 ');
  const found = load().operations.find((o) => o.key === normalised);
  if (!found) throw new Error(`no operation '${key}' in Meta's OpenAPI`);
  return found;
}

export interface Target {
  /** The operation key, required when the concrete path is ambiguous. */
  readonly operation?: string;
  readonly method?: string;
  /** The concrete request path; checked against the operation's template when both are given. */
  readonly path?: string;
}

function targetOperation(target: Target): MetaOperation {
  if (target.operation) {
    const op = operation(target.operation);
    if (target.path !== undefined && !operationsMatching(op.method, target.path).includes(op)) {
      throw new Error(`${target.path} does not fit the template of '${op.key}'`);
    }
    return op;
  }
  if (!target.method || target.path === undefined) throw new Error('name the operation, or give method and path');
  return operationFor(target.method, target.path);
}

/** The status key documented for `status`: itself, then `4XX`-style ranges, then `default`. */
function responseKey(op: MetaOperation, status: number): string | undefined {
  const exact = String(status);
  const range = `${exact[0]}XX`;
  return [exact, range, range.toLowerCase(), 'default'].find((k) => op.statuses.includes(k));
}

function jsonSchemaOf(content: JsonObject | undefined, contentType: string): Json | undefined {
  const media = content?.[contentType] as JsonObject | undefined;
  return media?.schema;
}

function validatorFor(cacheKey: string, schema: Json): ValidateFunction {
  const { validators, ajv, transform } = load();
  let validate = validators.get(cacheKey);
  if (!validate) {
    const jsonSchema = transform(schema);
    tolerateUnknownFormats(load(), jsonSchema);
    validate = ajv.compile(jsonSchema as JsonObject);
    validators.set(cacheKey, validate);
  }
  return validate;
}

/** Compiles the schema of every response and request body of `op` (a self-test: throws on a bad schema). */
export function compileOperation(op: MetaOperation): number {
  const { doc, byKey } = load();
  const raw = byKey.get(op.key)!;
  let compiled = 0;
  for (const status of op.statuses) {
    const response = resolveObject(doc, (raw.responses as JsonObject)[status]);
    for (const [type, media] of Object.entries((response?.content as JsonObject | undefined) ?? {})) {
      const schema = (media as JsonObject).schema;
      if (schema !== undefined) (validatorFor(`${op.key} ${status} ${type}`, schema), compiled++);
    }
  }
  const body = resolveObject(doc, raw.requestBody);
  for (const [type, media] of Object.entries((body?.content as JsonObject | undefined) ?? {})) {
    const schema = (media as JsonObject).schema;
    if (schema !== undefined) (validatorFor(`${op.key} request ${type}`, schema), compiled++);
  }
  return compiled;
}

/** Validates a response body against the schema Meta gives `op` for `status` (or its `4XX`/`default`). */
export function validateResponse(input: Target & { status: number; body: unknown; contentType?: string }): string[] {
  const op = targetOperation(input);
  const key = responseKey(op, input.status);
  if (key === undefined) return [`(status): ${input.status} is not documented for ${op.key} (documented: ${op.statuses.join(', ')})`];
  const { doc, byKey } = load();
  const response = resolveObject(doc, (byKey.get(op.key)!.responses as JsonObject)[key]);
  const contentType = input.contentType ?? 'application/json';
  const schema = jsonSchemaOf(response?.content as JsonObject | undefined, contentType);
  if (schema === undefined) return [`(content): ${op.key} documents no ${contentType} body for ${key}`];
  return run(validatorFor(`${op.key} ${key} ${contentType}`, schema), input.body);
}

/** Validates a request body (JSON by default; a multipart form as an object of its fields). */
export function validateRequest(input: Target & { body: unknown; contentType?: string }): string[] {
  const op = targetOperation(input);
  const { doc, byKey } = load();
  const body = resolveObject(doc, byKey.get(op.key)!.requestBody);
  const contentType = input.contentType ?? 'application/json';
  const schema = jsonSchemaOf(body?.content as JsonObject | undefined, contentType);
  if (schema === undefined) return [`(content): ${op.key} documents no ${contentType} request body (documented: ${op.requestContentTypes.join(', ') || 'none'})`];
  return run(validatorFor(`${op.key} request ${contentType}`, schema), input.body);
}

/** Validates a webhook POST body against `WebhookPayload` (with the merge repair). */
export function validateWebhook(body: unknown): string[] {
  return validateComponent('WebhookPayload', body);
}

/** Validates against one component schema by name (`ErrorResponse`, `Statuses` …). */
export function validateComponent(name: string, value: unknown): string[] {
  const { ajv, validators } = load();
  let validate = validators.get(`component ${name}`);
  if (!validate) {
    validate = ajv.getSchema(componentRef(name));
    if (!validate) throw new Error(`no component schema '${name}'`);
    validators.set(`component ${name}`, validate);
  }
  return run(validate, value);
}

/** Named examples the spec gives for an operation's request body or one response status. */
export function examplesOf(key: string, where: 'request' | string, contentType = 'application/json'): Record<string, unknown> {
  const op = operation(key);
  const { doc, byKey } = load();
  const raw = byKey.get(op.key)!;
  const holder = where === 'request' ? resolveObject(doc, raw.requestBody) : resolveObject(doc, (raw.responses as JsonObject)[where]);
  const media = (holder?.content as JsonObject | undefined)?.[contentType] as JsonObject | undefined;
  const examples = (media?.examples as Record<string, JsonObject> | undefined) ?? {};
  return Object.fromEntries(Object.entries(examples).map(([name, ex]) => [name, resolveObject(doc, ex)?.value]));
}

interface Issue {
  readonly path: string;
  readonly line: string;
}

const branchValidators = new WeakMap<object, ValidateFunction>();

function run(validate: ValidateFunction, value: unknown): string[] {
  return explain(validate, { value, prefix: '' }).map((i) => i.line);
}

/**
 * Ajv's errors as readable issues. A `oneOf` that no branch fits reports every branch's errors
 * (for a status webhook: "must have required property 'contacts'" from the message branch, and
 * so on); those are replaced by the errors of the closest branch alone — the fewest errors, a
 * branch that fails at the value itself (a missing required property, a wrong type) ranking last.
 * Errors of other keywords at or below that value are dropped with them (no such sibling exists
 * beside Meta's oneOfs in v23.0).
 */
function explain(validate: ValidateFunction, at: { value: unknown; prefix: string }): Issue[] {
  const { value, prefix } = at;
  if (validate(value)) return [];
  const errors = [...(validate.errors ?? [])];
  const noBranch = errors
    .filter((e) => e.keyword === 'oneOf' && (e.params as { passingSchemas?: unknown }).passingSchemas == null && Array.isArray(e.schema))
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  const handled: string[] = [];
  const replaced: Issue[] = [];
  for (const error of noBranch) {
    const path = error.instancePath;
    if (handled.some((h) => path === h || path.startsWith(`${h}/`))) continue;
    handled.push(path);
    const branches = (error.schema as object[]).map((branch) => {
      let check = branchValidators.get(branch);
      if (!check) branchValidators.set(branch, (check = load().ajv.compile(branch)));
      const issues = explain(check, { value: error.data, prefix: prefix + path });
      const shallow = issues.some((i) => i.path === prefix + path);
      return { issues, score: (shallow ? 1000 : 0) + issues.length };
    });
    const best = branches.reduce((a, b) => (b.score < a.score ? b : a));
    replaced.push({ path: prefix + path, line: `${prefix + path || '(root)'}: matches no branch of oneOf; the closest one says:` }, ...best.issues);
  }
  const kept = errors.filter((e) => !handled.some((h) => e.instancePath === h || e.instancePath.startsWith(`${h}/`)));
  const issues = [...describeErrors(kept, prefix), ...replaced];
  return issues.filter((issue, i) => issues.findIndex((o) => o.line === issue.line) === i);
}

/** Ajv's errors as `<pointer>: <message>`, without the "must match then schema" echo of a dispatch. */
function describeErrors(errors: readonly ErrorObject[], prefix: string): Issue[] {
  const issues: Issue[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    let message = error.message ?? error.keyword;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'type') message += ` (got ${error.data === null ? 'null' : Array.isArray(error.data) ? 'array' : typeof error.data})`;
    if (error.keyword === 'enum') message += ` ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')} (got ${short(error.data)})`;
    if (error.keyword === 'const') message += ` ${JSON.stringify(params.allowedValue)} (got ${short(error.data)})`;
    if (error.keyword === 'additionalProperties') message += ` '${String(params.additionalProperty)}'`;
    if (error.keyword === 'unevaluatedProperties') message += ` '${String(params.unevaluatedProperty)}'`;
    const path = prefix + error.instancePath;
    issues.push({ path, line: `${path || '(root)'}: ${message}` });
  }
  return issues;
}

const short = (value: unknown) => {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
};
