import type { RuleCode } from '../../../../src/rules/templates/index.js';
import { authentication, buttons, otpButton, quickReply, textHeader, type RuleCase } from '../fixtures.js';

const securedBody = { type: 'BODY', add_security_recommendation: true };
const expiry = (minutes: number) => ({ type: 'FOOTER', code_expiration_minutes: minutes });

export const authCases = {
  'auth.header_not_allowed': {
    fail: authentication(textHeader('Your code'), securedBody, buttons(otpButton())),
    pass: authentication(securedBody, buttons(otpButton())),
  },
  'auth.body_text_not_allowed': {
    fail: authentication({ ...securedBody, text: 'Your code is {{1}}.' }, buttons(otpButton())),
    pass: authentication(securedBody, buttons(otpButton())),
  },
  'auth.footer_text_not_allowed': {
    fail: authentication(securedBody, { type: 'FOOTER', text: 'Valid for 10 minutes' }, buttons(otpButton())),
    pass: authentication(securedBody, expiry(10), buttons(otpButton())),
  },
  'auth.otp_button_required': { fail: authentication(securedBody, expiry(10)), pass: authentication() },
  'auth.button_not_allowed': {
    fail: authentication(securedBody, buttons(otpButton(), quickReply('Not me'))),
    pass: authentication(securedBody, buttons(otpButton())),
  },
  'auth.code_expiration_range': {
    fail: authentication(securedBody, expiry(91), buttons(otpButton())),
    pass: authentication(securedBody, expiry(90), buttons(otpButton())),
  },
  'auth.emoji_or_url': {
    fail: authentication(securedBody, buttons(otpButton({ text: 'Copy 🔑' }))),
    pass: authentication(securedBody, buttons(otpButton({ text: 'Copy key' }))),
  },
} satisfies Partial<Record<RuleCode, RuleCase>>;
