import type { TemplateParameterType } from '../messages/validate-template.js';
import { charLength } from './findings.js';
import { parameterNames, substitute } from './placeholders.js';
import { SendRefusal, type SendParameter } from './send-types.js';
import type { ParameterFormat } from './types.js';

/** Spec §1.3 (error 132018): no line break or tab in a text parameter, nor more than 4 spaces in a row. */
export function checkParamText(text: string, where: string): void {
  if (/[\n\r\t]/.test(text) || / {5,}/.test(text)) {
    throw new SendRefusal('templateParamIssue', `${where}: Param text cannot have new-line/tab characters or more than 4 consecutive spaces`);
  }
}

export const countMismatch = (part: string, got: number, expected: number): SendRefusal =>
  new SendRefusal('templateParamCount', `${part}: number of localizable_params (${got}) does not match the expected number of params (${expected})`);

/**
 * Which variable each parameter fills. POSITIONAL: in order; NAMED: by `parameter_name`, in any
 * order (spec §1.3). Mixing the two, or using the other format than the template's, is a format
 * mismatch (132012); a wrong count or name is a count mismatch (132000).
 */
function bind(params: readonly SendParameter[], expected: readonly string[], format: ParameterFormat, part: string): Map<string, SendParameter> {
  const named = params.filter((p) => p.parameter_name !== undefined).length;
  if (named > 0 && named < params.length) {
    throw new SendRefusal('templateParamFormat', `${part}: parameters mix named and positional; give every parameter a parameter_name or none`);
  }
  if (format === 'POSITIONAL' && named > 0) {
    throw new SendRefusal('templateParamFormat', `${part}: the template's parameters are positional; remove parameter_name`);
  }
  if (format === 'NAMED' && params.length > 0 && named === 0) {
    throw new SendRefusal('templateParamFormat', `${part}: the template's parameters are named; give each parameter its parameter_name (${expected.join(', ')})`);
  }
  if (params.length !== expected.length) throw countMismatch(part, params.length, expected.length);
  if (format === 'POSITIONAL') return new Map(params.map((p, i) => [expected[i] as string, p]));
  const bound = new Map<string, SendParameter>();
  for (const p of params) {
    const name = p.parameter_name as string;
    if (!expected.includes(name)) {
      throw new SendRefusal('templateParamCount', `${part}: parameter_name "${name}" is not in the template; expected ${expected.join(', ')}`);
    }
    if (bound.has(name)) throw new SendRefusal('templateParamCount', `${part}: parameter_name "${name}" is given more than once`);
    bound.set(name, p);
  }
  return bound;
}

export interface FillOptions {
  text: string;
  parameters: readonly SendParameter[];
  format: ParameterFormat;
  /** `header`, `body`, `card 0 body`: starts every error's details. */
  part: string;
  /** The parameter types this part takes. */
  types: readonly TemplateParameterType[];
  /** The longest a text parameter may be (spec §1.3). */
  maxParameter: number;
}

/** Fills a text's variables from the send's parameters; Cloud API shows currency and dates as their `fallback_value` (spec §1.3). */
export function fillText(o: FillOptions): string {
  const expected = parameterNames(o.text);
  const bound = bind(o.parameters, expected, o.format, o.part);
  const values = new Map<string, string>();
  expected.forEach((name, i) => {
    const p = bound.get(name) as SendParameter;
    const where = `${o.part}: parameter ${o.format === 'NAMED' ? `"${name}"` : i + 1}`;
    if (!o.types.includes(p.type)) {
      throw new SendRefusal('templateParamFormat', `${where} has type ${p.type}; expected ${o.types.join(', ')}`);
    }
    const value = valueOf(p);
    if (p.type === 'text') {
      checkParamText(value, where);
      if (charLength(value) > o.maxParameter) {
        throw new SendRefusal('templateTextTooLong', `${where} is ${charLength(value)} characters; at most ${o.maxParameter}`);
      }
    }
    values.set(name, value);
  });
  return substitute(o.text, (name) => values.get(name));
}

function valueOf(p: SendParameter): string {
  switch (p.type) {
    case 'currency':
      return p.currency?.fallback_value ?? '';
    case 'date_time':
      return p.date_time?.fallback_value ?? '';
    default:
      return p.text ?? '';
  }
}
