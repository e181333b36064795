import { describe, expect, it } from 'vitest';
import { checkParameters } from '../../../src/rules/templates/rules-params.js';
import { paramCases } from './cases/params.js';
import { body, card, caseRows, definition, findingsOf, marketing, named, namedBody, rulesOf, textHeader, utility } from './fixtures.js';

const paramFindings = (payload: Record<string, unknown>) => checkParameters(definition(payload));

describe('variable rules (spec §3.5)', () => {
  it.each(caseRows(paramCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(rulesOf(c.fail)).toContain(rule);
    expect(findingsOf(c.pass)).toEqual([]);
  });

  it('wants positional variables in order of appearance, not only without gaps', () => {
    const findings = paramFindings(utility(body('Hello {{2}}, your order {{1}} has shipped and will arrive soon.')));
    expect(findings).toEqual([
      {
        rule: 'params.not_sequential',
        rejectedReason: 'INVALID_FORMAT',
        path: 'components[0].text',
        message: 'Number the variables in order of appearance without gaps: expected {{1}} where {{2}} is.',
      },
    ]);
    expect(paramFindings(utility(body('Hello {{0}}, your order {{1}} has shipped and will arrive soon.'))).map((f) => f.rule)).toEqual(['params.not_sequential']);
  });

  it('refuses a positional variable used twice', () => {
    expect(paramFindings(utility(body('Hello {{1}}, your order {{2}} has shipped to {{1}} and will arrive soon.'))).map((f) => f.rule)).toEqual(['params.repeated']);
  });

  it('accepts NAMED variables in any order, as they are matched by name', () => {
    expect(paramFindings(named(namedBody('Your order {{order_id}} for {{first_name}} has shipped and will arrive soon.', { order_id: '1', first_name: 'A' })))).toEqual([]);
  });

  it('tells a NAMED template with numbered variables to name them', () => {
    const [f] = paramFindings(named(body()));
    expect(f).toMatchObject({ rule: 'params.format_mismatch', path: 'components[0].text' });
    expect(f?.message).toBe('Name the variables ({{1}} → {{first_name}}) or set parameter_format to POSITIONAL: this template is NAMED.');
  });

  it('reports a variable at both ends of the body twice, once per end', () => {
    const findings = paramFindings(utility(body('{{1}}, your parcel has shipped and is on its way to {{2}}')));
    expect(findings.map((f) => f.message)).toEqual([
      'Start the body with words, not {{1}}: a body may not begin with a variable.',
      'End the body with words or punctuation after {{2}}: a body may not end with a variable.',
    ]);
  });

  it('counts words against variables as 2x+1 and says how many it found', () => {
    const [f] = paramFindings(utility(body('Hi {{1}}, order {{2}} is {{3}}.')));
    expect(f?.message).toBe('Add words or remove variables: the body has 3 variables and 3 other words; it needs at least 7.');
    expect(paramFindings(utility(body('Dear {{1}}, thanks a lot.', ['Ann'])))).toEqual([]);
    // The boundary: two variables need five words; four are one too few.
    expect(paramFindings(utility(body('Dear {{1}}, order {{2}} arrives today.'))).map((f) => f.rule)).toEqual(['body.too_many_parameters']);
    expect(paramFindings(utility(body('Dear {{1}}, your order {{2}} arrives today.')))).toEqual([]);
  });

  it('applies the adjacency rule to a header but not the body-only placement rules', () => {
    expect(paramFindings(utility(textHeader('{{1}}', ['A']), body())).map((f) => f.rule)).toEqual([]);
    expect(paramFindings(named(textHeader('Order {{a}} {{b}}'), namedBody('Thanks {{c}}, your order has shipped today.', { c: 'x' }))).map((f) => f.rule)).toEqual([
      'text.adjacent_parameters',
    ]);
  });

  it('checks the bodies of carousel cards at their own paths', () => {
    const findings = paramFindings(marketing(body(), { type: 'CAROUSEL', cards: [card(), card(body('{{1}} today.', ['Kale']))] }));
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['body.dangling_parameter', 'components[1].cards[1].components[0].text'],
      ['body.too_many_parameters', 'components[1].cards[1].components[0].text'],
    ]);
  });

  it('tells special characters apart from other invalid names', () => {
    expect(paramFindings(utility(body('Hello {{1}}, your {{$2}} and the {{order id}} have shipped today, as promised to you.'))).map((f) => f.rule)).toEqual([
      'params.special_characters',
      'params.invalid_name',
    ]);
  });
});
