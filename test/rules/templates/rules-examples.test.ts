import { describe, expect, it } from 'vitest';
import { checkExamples, valueProblem } from '../../../src/rules/templates/rules-examples.js';
import { exampleCases } from './cases/examples.js';
import { body, card, caseRows, definition, findingsOf, marketing, named, namedBody, rulesOf, textHeader, utility } from './fixtures.js';

const exampleFindings = (payload: Record<string, unknown>) => checkExamples(definition(payload));

describe('example rules (spec §3.2)', () => {
  it.each(caseRows(exampleCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(rulesOf(c.fail)).toContain(rule);
    expect(findingsOf(c.pass)).toEqual([]);
  });

  it('names the variables that lack a NAMED example, and only those', () => {
    const findings = exampleFindings(named(namedBody('Hello {{first_name}}, order {{order_id}} has shipped and will arrive soon.', { first_name: 'Ann' })));
    expect(findings).toEqual([
      {
        rule: 'example.missing',
        rejectedReason: 'INVALID_FORMAT',
        path: 'components[0].example.body_text_named_params',
        message: 'Add an example value for {{order_id}} in components[0].example.body_text_named_params: the reviewer needs one per variable.',
      },
    ]);
  });

  it('asks a NAMED template for named examples when it was given a positional list', () => {
    const payload = named({ type: 'BODY', text: 'Hello {{first_name}}, your order has shipped today.', example: { body_text: [['Ann']] } });
    expect(exampleFindings(payload).map((f) => [f.rule, f.path])).toEqual([
      ['example.wrong_format', 'components[0].example.body_text'],
      ['example.missing', 'components[0].example.body_text_named_params'],
    ]);
  });

  it('refuses the same name given twice', () => {
    const payload = named({
      type: 'BODY',
      text: 'Hello {{first_name}}, your order has shipped today.',
      example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ann' }, { param_name: 'first_name', example: 'Bo' }] },
    });
    expect(exampleFindings(payload).map((f) => [f.rule, f.path])).toEqual([['example.count_mismatch', 'components[0].example.body_text_named_params[1].param_name']]);
  });

  it('checks header examples, positional and named', () => {
    expect(exampleFindings(utility(textHeader('Order {{1}}'), body())).map((f) => f.path)).toEqual(['components[0].example.header_text']);
    const namedHeader = { type: 'HEADER', format: 'TEXT', text: 'Our {{sale}}', example: { header_text_named_params: [{ param_name: 'sale', example: 'Summer Sale' }] } };
    expect(exampleFindings(named(namedHeader, namedBody('Thanks {{name}}, see you at the shop soon.', { name: 'Ann' })))).toEqual([]);
  });

  it('counts a body example of the wrong length, and an example for a body without variables', () => {
    expect(exampleFindings(utility(body(undefined, ['Ann']))).map((f) => f.message)).toEqual([
      'Give exactly 2 example values in components[0].example.body_text, one per variable; there are 1.',
    ]);
    expect(exampleFindings(utility(body('Your order has shipped.', ['spare']))).map((f) => f.rule)).toEqual(['example.count_mismatch']);
  });

  it('leaves variables of the wrong kind to the variable rules, so a mistake is reported once', () => {
    expect(exampleFindings(named(body(undefined, null)))).toEqual([]);
  });

  it('checks card bodies at their paths', () => {
    const payload = marketing(body(), { type: 'CAROUSEL', cards: [card(body('Fresh {{1}} from our farm today.', null))] });
    expect(exampleFindings(payload).map((f) => f.path)).toEqual(['components[1].cards[0].components[0].example.body_text']);
  });

  it('wants example values that a send could carry', () => {
    expect(valueProblem('Ann')).toBeUndefined();
    expect(valueProblem('A    B')).toBeUndefined();
    expect(valueProblem('   ')).toBe('it is empty; give a realistic value');
    expect(valueProblem('A\tB')).toBe('remove the line break or tab');
    expect(valueProblem('A     B')).toBe('use at most 4 spaces in a row');
  });
});
