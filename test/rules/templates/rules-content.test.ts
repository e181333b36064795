import { describe, expect, it } from 'vitest';
import { checkDuplicate, checkPolicy } from '../../../src/rules/templates/rules-content.js';
import { contentCases } from './cases/content.js';
import { authentication, body, caseRows, definition, findingsOf, footer, marketing, rulesOf, template, utility } from './fixtures.js';

const mine = definition(utility(body(), footer()));

describe('duplicate wording (spec §3.5)', () => {
  it.each(caseRows(contentCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(rulesOf(c.fail, c.existing)).toContain(rule);
    expect(findingsOf(c.pass, c.existing)).toEqual([]);
  });

  it('ignores case and spacing, and names the template it repeats', () => {
    const twin = definition(template({ name: 'shipping_notice' }, body('  HELLO {{1}},   your order {{2}} has shipped and will arrive soon.'), footer('lucky  shrub')));
    expect(checkDuplicate(mine, [twin])).toEqual([
      {
        rule: 'duplicate.existing_body_footer',
        rejectedReason: 'INVALID_FORMAT',
        path: 'components[0].text',
        message: 'Reword the body or footer: template "shipping_notice" (en_US) already says the same; use that template or change this one\'s wording.',
      },
    ]);
  });

  it('compares only within a language, not with its own earlier version, and not for authentication templates', () => {
    expect(checkDuplicate(mine, [{ ...mine, name: 'copy', language: 'en_GB' }])).toEqual([]);
    expect(checkDuplicate(mine, [{ ...mine }])).toEqual([]);
    const auth = definition(authentication());
    expect(checkDuplicate(auth, [{ ...auth, name: 'other_login' }])).toEqual([]);
  });

  it('tells the footer apart: same body with another footer is not a duplicate', () => {
    expect(checkDuplicate(mine, [{ ...definition(utility(body())), name: 'no_footer' }])).toEqual([]);
  });
});

describe('requests for sensitive data (spec §3.5)', () => {
  const policy = (text: string) => checkPolicy(definition(marketing(body(text, null)))).map((f) => f.message);

  it('flags a request verb near card, identity or password terms and names the term', () => {
    expect(policy('To finish, send us your CVV today.')).toEqual(['Do not ask people for their cvv in a message; link to a secure page of yours instead.']);
    expect(policy('Please confirm your passport number by reply.')).toHaveLength(1);
  });

  it('lets warnings and unrelated wording through', () => {
    expect(policy('We will never ask you to send your card number.')).toEqual([]);
    expect(policy('Do not share your PIN with anyone.')).toEqual([]);
    expect(policy('Your new card is on its way.')).toEqual([]);
  });
});
