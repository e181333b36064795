import type { RuleCode } from '../../../../src/rules/templates/index.js';
import { authentication, body, buttons, marketing, otpButton, phoneButton, quickReply, urlButton, utility, type RuleCase } from '../fixtures.js';

const flow = (fields: Record<string, unknown>) => ({ type: 'FLOW', text: 'Book now', flow_action: 'navigate', navigate_screen: 'START', ...fields });
const copyCode = (example: string) => ({ type: 'COPY_CODE', example });
const app = { package_name: 'com.example.shop', signature_hash: 'K8a/AINcGX7' };

export const buttonCases = {
  'buttons.empty': { fail: utility(body(), buttons()), pass: utility(body(), buttons(quickReply())) },
  'buttons.too_many': {
    fail: utility(body(), buttons(...Array.from({ length: 11 }, (_, i) => quickReply(`Choice ${i}`)))),
    pass: utility(body(), buttons(...Array.from({ length: 10 }, (_, i) => quickReply(`Choice ${i}`)))),
  },
  'buttons.too_many_of_type': {
    fail: utility(body(), buttons(urlButton(), urlButton(), urlButton())),
    pass: utility(body(), buttons(urlButton(), urlButton())),
  },
  'buttons.quick_replies_not_grouped': {
    fail: utility(body(), buttons(quickReply('Yes'), urlButton(), quickReply('No'))),
    pass: utility(body(), buttons(urlButton(), quickReply('Yes'), quickReply('No'))),
  },
  'button.text_missing': { fail: utility(body(), buttons(quickReply(' '))), pass: utility(body(), buttons(quickReply('Yes'))) },
  'button.text_too_long': { fail: utility(body(), buttons(quickReply('b'.repeat(26)))), pass: utility(body(), buttons(quickReply('b'.repeat(25)))) },
  'button.text_parameters_not_allowed': { fail: utility(body(), buttons(quickReply('Track {{1}}'))), pass: utility(body(), buttons(quickReply('Track'))) },
  'button.url_invalid': { fail: utility(body(), buttons(urlButton('shop.example/track', null))), pass: utility(body(), buttons(urlButton('https://shop.example/track', null))) },
  'button.url_too_long': {
    fail: utility(body(), buttons(urlButton(`https://shop.example/${'a'.repeat(1990)}`, null))),
    pass: utility(body(), buttons(urlButton(`https://shop.example/${'a'.repeat(1979)}`, null))),
  },
  'button.url_variable': {
    fail: utility(body(), buttons(urlButton('https://shop.example/{{1}}/track'))),
    pass: utility(body(), buttons(urlButton('https://shop.example/track/{{1}}'))),
  },
  'button.url_example_missing': { fail: utility(body(), buttons(urlButton(undefined, null))), pass: utility(body(), buttons(urlButton())) },
  'button.phone_number_invalid': { fail: utility(body(), buttons(phoneButton('call us'))), pass: utility(body(), buttons(phoneButton('+15550051310'))) },
  'button.copy_code_example_invalid': {
    fail: marketing(body(), buttons(copyCode('SUMMER SALE 2025'))),
    pass: marketing(body(), buttons(copyCode('SUMMER25'))),
  },
  'button.otp_outside_authentication': { fail: utility(body(), buttons(otpButton())), pass: authentication() },
  'button.otp_supported_apps': {
    fail: authentication({ type: 'BODY' }, buttons(otpButton({ otp_type: 'ONE_TAP', autofill_text: 'Autofill' }))),
    pass: authentication({ type: 'BODY' }, buttons(otpButton({ otp_type: 'ONE_TAP', autofill_text: 'Autofill', supported_apps: [app] }))),
  },
  'button.flow_target': { fail: utility(body(), buttons(flow({}))), pass: utility(body(), buttons(flow({ flow_id: '1234567890' }))) },
} satisfies Partial<Record<RuleCode, RuleCase>>;
