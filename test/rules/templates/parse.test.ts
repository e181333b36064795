import { describe, expect, it } from 'vitest';
import { GraphError } from '../../../src/core/graph-errors.js';
import { createPayloadError, parseTemplateCreate } from '../../../src/rules/templates/index.js';
import { parseCases } from './cases/parse.js';
import { authentication, body, buttons, card, caseRows, definition, findingsOf, mediaHeader, otpButton, template, utility } from './fixtures.js';

describe('parseTemplateCreate', () => {
  it.each(caseRows(parseCases))('%s: raised by its failing example, silent on the fixed one', (rule, c) => {
    expect(findingsOf(c.fail).map((f) => f.rule)).toContain(rule);
    expect(findingsOf(c.pass)).toEqual([]);
  });

  it('normalises enums written in lower case and defaults parameter_format to POSITIONAL', () => {
    const parsed = definition(
      template({ category: 'utility' }, { type: 'header', format: 'image', example: { header_handle: ['4::x'] } }, { type: 'body', text: 'Your order has shipped.' }),
    );
    expect(parsed).toEqual({
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      parameter_format: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::x'] } },
        { type: 'BODY', text: 'Your order has shipped.' },
      ],
    });
  });

  it('keeps every field it knows, in the order given, and drops keys that were not sent', () => {
    const parsed = definition(
      template(
        { parameter_format: 'NAMED', message_send_ttl_seconds: 3600, allow_category_change: false },
        { type: 'BODY', text: 'Hi {{name}}, all is well with your order.', example: { body_text_named_params: [{ param_name: 'name', example: 'Ann' }] } },
        { type: 'FOOTER', text: 'Lucky Shrub' },
        buttons(
          { type: 'URL', text: 'Track', url: 'https://x.io/{{1}}', example: 'A-1' },
          { type: 'FLOW', text: 'Book', flow_id: 1234567890, flow_action: 'NAVIGATE', navigate_screen: 'START' },
          { type: 'COPY_CODE', example: 'SAVE10' },
        ),
      ),
    );
    expect(parsed.parameter_format).toBe('NAMED');
    expect(parsed.message_send_ttl_seconds).toBe(3600);
    expect(parsed.allow_category_change).toBe(false);
    expect(parsed.components.map((c) => c.type)).toEqual(['BODY', 'FOOTER', 'BUTTONS']);
    expect(parsed.components[2]).toEqual({
      type: 'BUTTONS',
      buttons: [
        { type: 'URL', text: 'Track', url: 'https://x.io/{{1}}', example: ['A-1'] },
        { type: 'FLOW', text: 'Book', flow_id: '1234567890', flow_action: 'navigate', navigate_screen: 'START' },
        { type: 'COPY_CODE', example: 'SAVE10' },
      ],
    });
  });

  it('reads authentication options and both forms of the one-tap app list', () => {
    const app = { package_name: 'com.example', signature_hash: 'K8a/AINcGX7' };
    const parsed = definition(
      authentication(
        { type: 'BODY', add_security_recommendation: true },
        { type: 'FOOTER', code_expiration_minutes: 5 },
        buttons(otpButton({ otp_type: 'one_tap', autofill_text: 'Autofill', ...app })),
      ),
    );
    expect(parsed.components).toEqual([
      { type: 'BODY', add_security_recommendation: true },
      { type: 'FOOTER', code_expiration_minutes: 5 },
      { type: 'BUTTONS', buttons: [{ type: 'OTP', otp_type: 'ONE_TAP', text: 'Copy code', autofill_text: 'Autofill', supported_apps: [app] }] },
    ]);
    const listed = definition(authentication({ type: 'BODY' }, buttons(otpButton({ otp_type: 'ZERO_TAP', supported_apps: [app], zero_tap_terms_accepted: true }))));
    expect(listed.components[1]).toEqual({
      type: 'BUTTONS',
      buttons: [{ type: 'OTP', otp_type: 'ZERO_TAP', text: 'Copy code', supported_apps: [app], zero_tap_terms_accepted: true }],
    });
  });

  it('reads positional examples, a carousel and a limited-time offer', () => {
    const parsed = definition(
      template(
        { category: 'MARKETING' },
        body(),
        { type: 'CAROUSEL', cards: [card()] },
        { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Ends Sunday', has_expiration: true } },
      ),
    );
    expect(parsed.components[0]).toMatchObject({ example: { body_text: [['Ann', 'A-100']] } });
    expect(parsed.components[1]).toEqual({
      type: 'CAROUSEL',
      cards: [
        {
          components: [
            { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
            { type: 'BODY', text: 'Fresh tomatoes from our own farm.' },
            { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'More' }] },
          ],
        },
      ],
    });
    expect(parsed.components[2]).toEqual({ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Ends Sunday', has_expiration: true } });
  });

  it('lists every shape problem at once, each at its path', () => {
    const result = parseTemplateCreate({
      name: 'Bad Name',
      language: 'english',
      category: 'promo',
      parameter_format: 'numbered',
      message_send_ttl_seconds: '60',
      components: [
        null,
        { type: 'HEADR' },
        { type: 'HEADER' },
        { type: 'BODY', text: 5, example: { body_text: ['flat', 'list'] } },
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Go' }, { type: 'PHONE_NUMBER', text: 'Call' }, { type: 'OTP' }, 'x'] },
        { type: 'CAROUSEL', cards: [{ components: [mediaHeader(), { type: 'FOOTER', text: 'no' }] }] },
      ],
    });
    expect('findings' in result && result.findings.map((f) => [f.rule, f.path])).toEqual([
      ['name.invalid', 'name'],
      ['language.invalid', 'language'],
      ['payload.unknown_value', 'category'],
      ['payload.unknown_value', 'parameter_format'],
      ['payload.wrong_type', 'message_send_ttl_seconds'],
      ['payload.wrong_type', 'components[0]'],
      ['payload.unknown_value', 'components[1].type'],
      ['payload.missing', 'components[2].format'],
      ['payload.wrong_type', 'components[3].text'],
      ['payload.wrong_type', 'components[3].example.body_text'],
      ['payload.wrong_type', 'components[4].buttons[3]'],
      ['payload.missing', 'components[4].buttons[0].url'],
      ['payload.missing', 'components[4].buttons[1].phone_number'],
      ['payload.missing', 'components[4].buttons[2].otp_type'],
      ['payload.unknown_value', 'components[5].cards[0].components[1].type'],
    ]);
  });

  it('never throws, whatever it is given', () => {
    const junk: unknown[] = [undefined, null, 0, 'x', [], {}, { components: {} }, { components: [[]] }, { name: 1, language: [], category: {} }];
    for (const value of junk) expect('findings' in parseTemplateCreate(value)).toBe(true);
    expect(findingsOf(utility(body()))).toEqual([]);
  });
});

describe('createPayloadError', () => {
  it('answers the shape problems as one Graph error 100 naming each path', () => {
    const result = parseTemplateCreate(template({ name: 'Bad Name', language: undefined }));
    if (!('findings' in result)) throw new Error('expected findings');
    const error = createPayloadError(result.findings);
    expect(error).toBeInstanceOf(GraphError);
    expect(error.entry.code).toBe(100);
    expect(error.details).toBe('name: Use only lowercase letters, digits and underscores in name (e.g. order_confirmation). language: Add language: it is required.');
  });
});
