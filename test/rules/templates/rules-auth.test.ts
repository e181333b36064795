import { describe, expect, it } from 'vitest';
import { checkAuthentication } from '../../../src/rules/templates/rules-auth.js';
import { authCases } from './cases/auth.js';
import { authentication, body, buttons, caseRows, definition, findingsOf, mediaHeader, otpButton, rulesOf, urlButton, utility } from './fixtures.js';

describe('authentication rules (spec §3.2)', () => {
  it.each(caseRows(authCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(rulesOf(c.fail)).toContain(rule);
    expect(findingsOf(c.pass)).toEqual([]);
  });

  it('passes Meta-written authentication templates with each kind of OTP button', () => {
    const app = { package_name: 'com.example', signature_hash: 'K8a/AINcGX7' };
    expect(findingsOf(authentication())).toEqual([]);
    expect(findingsOf(authentication({ type: 'BODY' }, buttons(otpButton({ otp_type: 'ONE_TAP', autofill_text: 'Autofill', supported_apps: [app] }))))).toEqual([]);
  });

  it('lists every breach of one authentication template at once', () => {
    const badFooter = { type: 'FOOTER', text: 'Bye', code_expiration_minutes: 0 };
    const t = definition(authentication(mediaHeader(), body('Code {{1}} for you, valid today.', ['1']), badFooter, buttons(urlButton())));
    expect(checkAuthentication(t).map((f) => [f.rule, f.path])).toEqual([
      ['auth.header_not_allowed', 'components[0]'],
      ['auth.body_text_not_allowed', 'components[1].text'],
      ['auth.footer_text_not_allowed', 'components[2].text'],
      ['auth.code_expiration_range', 'components[2].code_expiration_minutes'],
      ['auth.button_not_allowed', 'components[3].buttons[0].type'],
      ['auth.otp_button_required', 'components'],
    ]);
  });

  it('finds a link in the autofill text', () => {
    const t = definition(authentication({ type: 'BODY' }, buttons(otpButton({ autofill_text: 'see www.example.com' }))));
    expect(checkAuthentication(t).map((f) => f.path)).toEqual(['components[1].buttons[0].autofill_text']);
  });

  it('leaves other categories alone', () => {
    expect(checkAuthentication(definition(utility(mediaHeader(), body())))).toEqual([]);
  });
});
