import { describe, expect, it } from 'vitest';
import { lintTemplate, ruleCodes, ruleReasons } from '../../../src/rules/templates/index.js';
import { allRuleCases } from './cases/index.js';
import { body, buttons, caseRows, definition, findingsOf, footer, marketing, named, namedBody, quickReply, urlButton, utility } from './fixtures.js';

describe('lintTemplate', () => {
  it('has a failing and a fixed example for every rule of the catalogue, and no example for an unknown rule', () => {
    expect(Object.keys(allRuleCases).sort()).toEqual([...ruleCodes].sort());
  });

  it.each(caseRows(allRuleCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(findingsOf(c.fail, c.existing).map((f) => f.rule)).toContain(rule);
    expect(findingsOf(c.pass, c.existing)).toEqual([]);
  });

  it('passes the create example of spec §3.2 and a full POSITIONAL template', () => {
    const spec = named(
      { type: 'HEADER', format: 'TEXT', text: 'Our {{sale}} is on!', example: { header_text_named_params: [{ param_name: 'sale', example: 'Summer Sale' }] } },
      namedBody('Thank you, {{first_name}}! Your order number is {{order_number}}.', { first_name: 'Pablo', order_number: '860198-230332' }),
      footer(),
      buttons(quickReply('Unsubscribe'), urlButton('https://ex.com/t/{{1}}', ['abc123']), { type: 'PHONE_NUMBER', text: 'Call', phone_number: '15550051310' }),
    );
    expect(findingsOf(spec)).toEqual([]);
    expect(findingsOf(marketing({ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['A-1'] } }, body(), footer(), buttons(urlButton())))).toEqual([]);
  });

  it('reports every problem at once, each with its reason, path and a message naming the fix', () => {
    const findings = findingsOf(utility(body('{{1}} {{2}}', null), footer('f'.repeat(61)), buttons(quickReply('b'.repeat(26)))));
    expect(findings.map((f) => [f.rule, f.path])).toEqual([
      ['footer.text_too_long', 'components[1].text'],
      ['text.adjacent_parameters', 'components[0].text'],
      ['body.dangling_parameter', 'components[0].text'],
      ['body.dangling_parameter', 'components[0].text'],
      ['body.too_many_parameters', 'components[0].text'],
      ['example.missing', 'components[0].example.body_text'],
      ['button.text_too_long', 'components[2].buttons[0].text'],
    ]);
    for (const f of findings) {
      expect(f.rejectedReason).toBe(ruleReasons[f.rule]);
      expect(f.message).toMatch(/^[A-Z].*[.)]$/);
    }
  });

  it('maps format rules to INVALID_FORMAT and the sensitive-data rule to SCAM', () => {
    expect(ruleReasons['body.dangling_parameter']).toBe('INVALID_FORMAT');
    expect(ruleReasons['policy.sensitive_data_request']).toBe('SCAM');
  });

  it('checks duplicates only against the templates it is given', () => {
    const mine = definition(utility(body(), footer()));
    expect(lintTemplate(mine)).toEqual([]);
    expect(lintTemplate(mine, { existing: [{ ...mine, name: 'older_copy' }] }).map((f) => f.rule)).toEqual(['duplicate.existing_body_footer']);
  });
});
