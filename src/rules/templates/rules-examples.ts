import { finding, join, type Finding } from './findings.js';
import { formatOf, placeholders } from './placeholders.js';
import { variableTexts, type VariableText } from './rules-params.js';
import type { BodyComponent, HeaderComponent, NamedExample, ParameterFormat, TemplateDefinition } from './types.js';
import { located } from './walk.js';

/**
 * Every variable needs an example value for the reviewer (spec §3.2): POSITIONAL templates list
 * them in order (`header_text: ["…"]`, `body_text: [["…","…"]]`), NAMED ones by name
 * (`…_named_params: [{param_name, example}]`). Variables of the wrong kind are left to
 * rules-params.ts, so one mistake is not reported twice.
 */
export function checkExamples(template: TemplateDefinition): Finding[] {
  const components = new Map(located(template).map((l) => [l.path, l.component]));
  return variableTexts(template).flatMap((t) => {
    const component = components.get(t.path) as HeaderComponent | BodyComponent;
    return checkOne(t, exampleOf(component), template.parameter_format);
  });
}

interface Examples {
  /** The positional list, when given. */
  positional?: string[];
  named?: NamedExample[];
  /** The key of each list in `example`. */
  positionalKey: string;
  namedKey: string;
}

function exampleOf(component: HeaderComponent | BodyComponent): Examples {
  return component.type === 'HEADER'
    ? { positional: component.example?.header_text, named: component.example?.header_text_named_params, positionalKey: 'header_text', namedKey: 'header_text_named_params' }
    : { positional: firstRow(component.example?.body_text), named: component.example?.body_text_named_params, positionalKey: 'body_text', namedKey: 'body_text_named_params' };
}

/** `body_text` wraps one row of values in an array; an empty wrapper is an empty row. */
function firstRow(rows: string[][] | undefined): string[] | undefined {
  return rows === undefined ? undefined : (rows[0] ?? []);
}

function checkOne(t: VariableText, ex: Examples, format: ParameterFormat): Finding[] {
  const names = [...new Set(placeholders(t.text).filter((p) => formatOf(p) === format).map((p) => p.inner))];
  const exampleAt = join(t.path, 'example');
  const key = format === 'NAMED' ? ex.namedKey : ex.positionalKey;
  const wrongList = format === 'NAMED' ? ex.positional : ex.named;
  const found: Finding[] = [];
  if (wrongList !== undefined) {
    const wrongKey = format === 'NAMED' ? ex.positionalKey : ex.namedKey;
    found.push(finding('example.wrong_format', join(exampleAt, wrongKey), `Give the examples as ${join(exampleAt, key)}: this template's parameter_format is ${format}.`));
  }
  const values = format === 'NAMED' ? checkNamed(names, ex.named, join(exampleAt, key), found) : ex.positional;
  if (format === 'POSITIONAL') {
    if (values === undefined) {
      if (names.length > 0) found.push(missing(join(exampleAt, key), names.map((n) => `{{${n}}}`)));
    } else if (values.length !== names.length) {
      found.push(
        finding('example.count_mismatch', join(exampleAt, key), `Give exactly ${names.length} example values in ${join(exampleAt, key)}, one per variable; there are ${values.length}.`),
      );
    }
  }
  (values ?? []).forEach((value, i) => {
    const problem = valueProblem(value);
    if (problem) found.push(finding('example.invalid_value', join(join(exampleAt, key), i), `Change example value ${i + 1}: ${problem}.`));
  });
  return found;
}

const missing = (path: string, variables: string[]): Finding =>
  finding('example.missing', path, `Add an example value for ${variables.join(', ')} in ${path}: the reviewer needs one per variable.`);

/** Checks the named list against the text's names; returns the example values in list order. */
function checkNamed(names: string[], named: NamedExample[] | undefined, at: string, found: Finding[]): string[] | undefined {
  const given = named ?? [];
  const lacking = names.filter((n) => !given.some((e) => e.param_name === n));
  if (lacking.length > 0) found.push(missing(at, lacking.map((n) => `{{${n}}}`)));
  const seen = new Set<string>();
  given.forEach((e, i) => {
    if (!names.includes(e.param_name)) {
      found.push(finding('example.unknown_name', join(join(at, i), 'param_name'), `Remove the example for "${e.param_name}" or use {{${e.param_name}}} in the text: no such variable.`));
    } else if (seen.has(e.param_name)) {
      found.push(finding('example.count_mismatch', join(join(at, i), 'param_name'), `Give "${e.param_name}" one example, not several.`));
    }
    seen.add(e.param_name);
  });
  return named?.map((e) => e.example);
}

/** An example must be a value a send could carry (spec §1.3, error 132018). */
export function valueProblem(value: string): string | undefined {
  if (value.trim() === '') return 'it is empty; give a realistic value';
  if (/[\n\r\t]/.test(value)) return 'remove the line break or tab';
  if (/ {5,}/.test(value)) return 'use at most 4 spaces in a row';
  return undefined;
}
