import { invalidParameter, type GraphError } from '../../core/graph-errors.js';
import { charLength, finding, type Finding } from './findings.js';
import { parseComponents } from './parse-components.js';
import { isObject, Reader } from './parse-reader.js';
import { parameterFormats, templateCategories, type TemplateDefinition } from './types.js';

/** Spec §3.2: lowercase letters, digits and underscores, at most 512 characters. */
export const templateNameLimit = 512;
const namePattern = /^[a-z0-9_]+$/;
/**
 * Meta's language codes are a language (`en`, `fil`) optionally followed by a region (`en_US`,
 * `zh_HK`). We check that shape, not Meta's list of supported languages, which changes often.
 */
const languagePattern = /^[a-z]{2,3}(_[A-Z]{2})?$/;

export type ParseResult = { template: TemplateDefinition } | { findings: Finding[] };

/**
 * Turns a Graph create payload (`POST /{waba-id}/message_templates`, spec §3.2) into a template
 * definition, or lists every problem of its shape. Never throws on bad input. Only the shape is
 * checked here; what review would reject (limits, variables, buttons) is `lintTemplate`'s.
 */
export function parseTemplateCreate(body: unknown): ParseResult {
  const r = new Reader();
  if (!isObject(body)) return { findings: [finding('payload.not_object', '', 'Send the template as a JSON object.')] };
  const name = r.string(body, 'name', '', true);
  if (name !== undefined && !namePattern.test(name)) {
    r.findings.push(finding('name.invalid', 'name', 'Use only lowercase letters, digits and underscores in name (e.g. order_confirmation).'));
  }
  if (name !== undefined && charLength(name) > templateNameLimit) {
    r.findings.push(finding('name.too_long', 'name', `Shorten name to at most ${templateNameLimit} characters.`));
  }
  const language = r.string(body, 'language', '', true);
  if (language !== undefined && !languagePattern.test(language)) {
    r.findings.push(finding('language.invalid', 'language', `Use a language code such as en or en_US; "${language}" is not one.`));
  }
  const category = r.oneOf(body, 'category', '', templateCategories, true);
  const parameterFormat = r.oneOf(body, 'parameter_format', '', parameterFormats) ?? 'POSITIONAL';
  const ttl = r.integer(body, 'message_send_ttl_seconds', '');
  const allowCategoryChange = r.boolean(body, 'allow_category_change', '');
  const components = parseComponents(r, body, '');
  if (r.findings.length > 0 || name === undefined || language === undefined || category === undefined) return { findings: r.findings };
  return {
    template: {
      name,
      language,
      category,
      parameter_format: parameterFormat,
      components,
      ...(ttl !== undefined ? { message_send_ttl_seconds: ttl } : {}),
      ...(allowCategoryChange !== undefined ? { allow_category_change: allowCategoryChange } : {}),
    },
  };
}

/**
 * Meta answers a malformed create payload synchronously with code 100 rather than a rejection;
 * the details name every problem, path first.
 */
export function createPayloadError(findings: readonly Finding[]): GraphError {
  return invalidParameter(findings.map((f) => (f.path === '' ? f.message : `${f.path}: ${f.message}`)).join(' '));
}
