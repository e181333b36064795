import { finding, join, type Finding } from './findings.js';
import { formatOf, hasMismatchedBraces, placeholders, wordCount, type Placeholder } from './placeholders.js';
import type { ParameterFormat, TemplateDefinition } from './types.js';
import { located } from './walk.js';

/** Spec §3.5 [3p]: at most 100 variables in one template. */
export const maxParametersPerTemplate = 100;

/** A text that may hold variables: a TEXT header's or a body's, on the template or on a card. */
export interface VariableText {
  part: 'header' | 'body';
  text: string;
  /** The component's path; the text is at `${path}.text`. */
  path: string;
}

export function variableTexts(template: Pick<TemplateDefinition, 'components'>): VariableText[] {
  return located(template).flatMap(({ component, path }): VariableText[] => {
    if (component.type === 'HEADER' && component.format === 'TEXT' && component.text !== undefined) return [{ part: 'header', text: component.text, path }];
    if (component.type === 'BODY' && component.text !== undefined) return [{ part: 'body', text: component.text, path }];
    return [];
  });
}

const example = (format: ParameterFormat): string => (format === 'NAMED' ? '{{first_name}}' : '{{1}}');

/** The variable rules of spec §3.5, over every text that can hold variables. */
export function checkParameters(template: TemplateDefinition): Finding[] {
  const texts = variableTexts(template);
  const found = texts.flatMap((t) => checkText(t, template.parameter_format));
  const total = texts.reduce((n, t) => n + placeholders(t.text).length, 0);
  if (total > maxParametersPerTemplate) {
    found.push(finding('params.too_many_total', 'components', `Use at most ${maxParametersPerTemplate} variables in a template; this one has ${total}.`));
  }
  return found;
}

function checkText(t: VariableText, format: ParameterFormat): Finding[] {
  const at = join(t.path, 'text');
  const found: Finding[] = [];
  const tokens = placeholders(t.text);
  if (hasMismatchedBraces(t.text)) {
    found.push(finding('text.mismatched_braces', at, `Fix the braces in ${at}: write each variable with two braces on each side, as ${example(format)}.`));
  }
  for (const p of tokens.filter((p) => p.kind === 'invalid')) {
    found.push(
      /[#$%]/.test(p.inner)
        ? finding('params.special_characters', at, `Remove the special characters from ${p.raw}: variables hold no #, $ or %; write ${example(format)}.`)
        : finding('params.invalid_name', at, `Rename ${p.raw}: write ${example(format)} — digits for POSITIONAL templates, lowercase letters and underscores for NAMED ones.`),
    );
  }
  found.push(...checkFormat(tokens, format, at), ...checkSequence(tokens.filter((p) => formatOf(p) === format), at));
  found.push(...checkAdjacent(t.text, tokens, at));
  if (t.part === 'body') found.push(...checkBodyPlacement(t.text, tokens, at));
  return found;
}

function checkFormat(tokens: readonly Placeholder[], format: ParameterFormat, at: string): Finding[] {
  const kinds = new Set(tokens.map(formatOf).filter((f) => f !== undefined));
  if (kinds.size > 1) {
    return [finding('params.mixed_formats', at, `Use one kind of variable in ${at}: it mixes numbered ({{1}}) and named ({{first_name}}) ones; parameter_format is ${format}.`)];
  }
  const wrong = tokens.find((p) => formatOf(p) !== undefined && formatOf(p) !== format);
  if (wrong === undefined) return [];
  return [
    finding(
      'params.format_mismatch',
      at,
      format === 'NAMED'
        ? `Name the variables (${wrong.raw} → {{first_name}}) or set parameter_format to POSITIONAL: this template is NAMED.`
        : `Number the variables (${wrong.raw} → {{1}}) or set parameter_format to NAMED: this template is POSITIONAL.`,
    ),
  ];
}

/**
 * Positional variables must run {{1}}, {{2}}, {{3}}… in order of appearance (spec §3.5); any
 * variable may appear only once per text, so each value has one place.
 */
function checkSequence(tokens: readonly Placeholder[], at: string): Finding[] {
  const found: Finding[] = [];
  const seen = new Set<string>();
  let expected = 1;
  let outOfOrder = false;
  for (const p of tokens) {
    if (seen.has(p.inner)) {
      found.push(finding('params.repeated', at, `Use ${p.raw} only once in ${at}; give a repeated value its own variable.`));
      continue;
    }
    seen.add(p.inner);
    if (p.kind !== 'positional') continue;
    if (Number(p.inner) !== expected && !outOfOrder) {
      outOfOrder = true;
      found.push(finding('params.not_sequential', at, `Number the variables in order of appearance without gaps: expected {{${expected}}} where ${p.raw} is.`));
    }
    expected += 1;
  }
  return found;
}

/** Spec §3.5: variables with nothing but spaces between them are rejected as adjacent. */
function checkAdjacent(text: string, tokens: readonly Placeholder[], at: string): Finding[] {
  return tokens.slice(1).flatMap((p, i) => {
    const before = tokens[i] as Placeholder;
    return /^\s*$/.test(text.slice(before.end, p.start))
      ? [finding('text.adjacent_parameters', at, `Put words between ${before.raw} and ${p.raw}: variables next to each other are rejected.`)]
      : [];
  });
}

/**
 * Spec §3.5: a body may not start or end with a variable ("dangling parameter"), and needs at
 * least 2x+1 words besides its x variables (a heuristic BSPs report Meta applies).
 */
function checkBodyPlacement(text: string, tokens: readonly Placeholder[], at: string): Finding[] {
  const found: Finding[] = [];
  const trimmed = text.trim();
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (first && trimmed.startsWith(first.raw)) {
    found.push(finding('body.dangling_parameter', at, `Start the body with words, not ${first.raw}: a body may not begin with a variable.`));
  }
  if (last && trimmed.endsWith(last.raw)) {
    found.push(finding('body.dangling_parameter', at, `End the body with words or punctuation after ${last.raw}: a body may not end with a variable.`));
  }
  const words = wordCount(text);
  if (tokens.length > 0 && words < 2 * tokens.length + 1) {
    found.push(
      finding(
        'body.too_many_parameters',
        at,
        `Add words or remove variables: the body has ${tokens.length} variables and ${words} other words; it needs at least ${2 * tokens.length + 1}.`,
      ),
    );
  }
  return found;
}
