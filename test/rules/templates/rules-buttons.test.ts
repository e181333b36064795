import { describe, expect, it } from 'vitest';
import { checkButtons } from '../../../src/rules/templates/rules-buttons.js';
import { buttonCases } from './cases/buttons.js';
import {
  authentication, body, buttons, card, caseRows, definition, findingsOf, marketing, mediaHeader, otpButton, phoneButton, quickReply, rulesOf, urlButton,
  utility,
} from './fixtures.js';

const buttonFindings = (payload: Record<string, unknown>) => checkButtons(definition(payload));
const app = (hash = 'K8a/AINcGX7') => ({ package_name: 'com.example.shop', signature_hash: hash });

describe('button rules (spec §3.2, §3.3)', () => {
  it.each(caseRows(buttonCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(rulesOf(c.fail)).toContain(rule);
    expect(findingsOf(c.pass)).toEqual([]);
  });

  it('allows one phone number and one copy-code button', () => {
    expect(buttonFindings(utility(body(), buttons(phoneButton(), phoneButton())))).toEqual([
      { rule: 'buttons.too_many_of_type', rejectedReason: 'INVALID_FORMAT', path: 'components[1].buttons', message: 'Keep at most 1 PHONE_NUMBER button; there are 2.' },
    ]);
    const coupons = marketing(body(), buttons({ type: 'COPY_CODE', example: 'A1' }, { type: 'COPY_CODE', example: 'B2' }));
    expect(buttonFindings(coupons).map((f) => f.message)).toEqual(['Keep at most 1 COPY_CODE button; there are 2.']);
  });

  it('accepts quick replies grouped after the other buttons and refuses them split by one', () => {
    expect(buttonFindings(utility(body(), buttons(urlButton(), phoneButton(), quickReply('Yes'), quickReply('No'))))).toEqual([]);
    expect(buttonFindings(utility(body(), buttons(quickReply('Yes'), phoneButton(), quickReply('No'), urlButton()))).map((f) => f.rule)).toEqual([
      'buttons.quick_replies_not_grouped',
    ]);
  });

  it('wants the URL variable to be {{1}} at the very end, once', () => {
    const rules = (url: string) => buttonFindings(utility(body(), buttons(urlButton(url, ['x'])))).map((f) => f.rule);
    expect(rules('https://shop.example/t?id={{1}}')).toEqual([]);
    expect(rules('https://shop.example/{{2}}')).toEqual(['button.url_variable']);
    expect(rules('https://shop.example/{{1}}/{{2}}')).toEqual(['button.url_variable']);
    expect(rules('https://shop.example/{{order}}')).toEqual(['button.url_variable']);
  });

  it('wants the URL example to be one usable value', () => {
    const rules = (example: unknown) => buttonFindings(utility(body(), buttons(urlButton(undefined, example)))).map((f) => f.rule);
    expect(rules(['a', 'b'])).toEqual(['button.url_example_missing']);
    expect(rules(['a b\nc'])).toEqual(['button.url_example_missing']);
    expect(rules('A-100')).toEqual([]);
  });

  it('checks each ONE_TAP and ZERO_TAP app for a package and an 11-character signature hash', () => {
    const rules = (apps: unknown) => buttonFindings(authentication({ type: 'BODY' }, buttons(otpButton({ otp_type: 'ZERO_TAP', supported_apps: apps })))).map((f) => f.rule);
    expect(rules([app()])).toEqual([]);
    expect(rules([app('short')])).toEqual(['button.otp_supported_apps']);
    expect(rules([{ package_name: ' ', signature_hash: 'K8a/AINcGX7' }])).toEqual(['button.otp_supported_apps']);
    expect(rules(Array.from({ length: 6 }, () => app()))).toEqual(['button.otp_supported_apps']);
    expect(buttonFindings(authentication({ type: 'BODY' }, buttons(otpButton())))).toEqual([]);
  });

  it('refuses a flow button that names two flows', () => {
    const flow = { type: 'FLOW', text: 'Book', flow_id: '1', flow_name: 'booking' };
    expect(buttonFindings(utility(body(), buttons(flow))).map((f) => f.path)).toEqual(['components[1].buttons[0]']);
  });

  it('checks the buttons of carousel cards at their paths', () => {
    const payload = marketing(body(), { type: 'CAROUSEL', cards: [card(mediaHeader(), body('Kale today.', null), buttons(quickReply('x'.repeat(26))))] });
    expect(buttonFindings(payload).map((f) => [f.rule, f.path])).toEqual([['button.text_too_long', 'components[1].cards[0].components[2].buttons[0].text']]);
  });
});
