import { describe, expect, it } from 'vitest';
import { bodyText, footerText } from '../../../src/rules/templates/index.js';
import { authentication, body, buttons, definition, footer, otpButton, utility } from './fixtures.js';

describe('authentication wording', () => {
  it('writes Meta\'s body, with the security line only when asked for', () => {
    expect(bodyText(definition(authentication()))).toBe('{{1}} is your verification code. For your security, do not share this code.');
    expect(bodyText(definition(authentication({ type: 'BODY' }, buttons(otpButton()))))).toBe('{{1}} is your verification code.');
  });

  it('writes the expiry footer from code_expiration_minutes, and none without it', () => {
    expect(footerText(definition(authentication()))).toBe('This code expires in 10 minutes.');
    expect(footerText(definition(authentication({ type: 'BODY' }, { type: 'FOOTER', code_expiration_minutes: 1 }, buttons(otpButton()))))).toBe(
      'This code expires in 1 minute.',
    );
    expect(footerText(definition(authentication({ type: 'BODY' }, buttons(otpButton()))))).toBeUndefined();
  });

  it('gives other templates their own texts', () => {
    const t = definition(utility(body(), footer('Lucky Shrub')));
    expect(bodyText(t)).toBe('Hello {{1}}, your order {{2}} has shipped and will arrive soon.');
    expect(footerText(t)).toBe('Lucky Shrub');
  });
});
