import { describe, expect, it } from 'vitest';
import { validateTemplate } from '../../../src/rules/messages/validate-template.js';
import { asSendComponents, checkTemplateSend, type SendComponent } from '../../../src/rules/templates/index.js';
import { authentication, body, buttons, card, definition, footer, marketing, mediaHeader, otpButton, quickReply, urlButton, utility } from './fixtures.js';
import { bodyParams, button, headerParams, rendered, sendTo, text } from './send-fixtures.js';

const BODY = bodyParams(text('Ann'), text('A-1'));

describe('checkTemplateSend', () => {
  it('renders the send example of spec §1.3 as validateTemplate leaves it', () => {
    const template = definition(
      utility(
        mediaHeader('IMAGE'),
        body('Hi {{1}}, you paid {{2}} on {{3}} for your order.', ['a', 'b', 'c']),
        footer(),
        buttons(quickReply('Order details'), urlButton('https://shop.example/o/{{1}}')),
      ),
    );
    const validated = validateTemplate({
      name: 'order_confirmation',
      language: { code: 'en_US' },
      components: [
        { type: 'HEADER', parameters: [{ type: 'image', image: { link: 'https://x.io/h.jpg' } }] },
        {
          type: 'body',
          parameters: [
            { type: 'text', text: 'Jessica' },
            { type: 'currency', currency: { fallback_value: '$100.00', code: 'USD', amount_1000: 100000 } },
            { type: 'date_time', date_time: { fallback_value: 'December 25, 2024' } },
          ],
        },
        { type: 'button', sub_type: 'QUICK_REPLY', index: 0, parameters: [{ type: 'payload', payload: 'ORDER_DETAILS' }] },
        { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'order-123' }] },
      ],
    });
    expect(checkTemplateSend({ template, components: asSendComponents(validated.components) })).toEqual({
      rendered: {
        header: { type: 'image', link: 'https://x.io/h.jpg' },
        body: 'Hi Jessica, you paid $100.00 on December 25, 2024 for your order.',
        footer: 'Lucky Shrub',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Order details', payload: 'ORDER_DETAILS' },
          { type: 'URL', text: 'Track order', url: 'https://shop.example/o/order-123' },
        ],
      },
    });
  });

  it('reads a send without components as one without parameters', () => {
    expect(checkTemplateSend({ template: definition(utility(body('Your order has shipped.', null))) })).toEqual({ rendered: { body: 'Your order has shipped.', buttons: [] } });
    expect(asSendComponents(undefined)).toEqual([]);
  });

  it('renders an authentication template with Meta\'s wording, the code in body and button (spec §1.3)', () => {
    const check = sendTo(authentication(), bodyParams(text('123456')), button('url', 0, text('123456')));
    expect(rendered(check)).toEqual({
      body: '123456 is your verification code. For your security, do not share this code.',
      footer: 'This code expires in 10 minutes.',
      buttons: [{ type: 'OTP', text: 'Copy code', code: '123456' }],
    });
  });

  it('needs the code in the OTP button too, and refuses a code over 15 characters', () => {
    expect(sendTo(authentication(), bodyParams(text('123456')))).toEqual({
      error: 'templateParamCount',
      details: 'button at index 0: number of localizable_params (0) does not match the expected number of params (1)',
    });
    expect(sendTo(authentication(), bodyParams(text('1'.repeat(16))), button('url', 0, text('1')))).toEqual({
      error: 'parameterValueInvalid',
      details: 'body: the code is 16 characters; at most 15',
    });
  });

  it('answers 132005 when the filled body passes 1024 characters', () => {
    const long = `Dear {{1}}, ${'news '.repeat(200)}end.`;
    const template = utility(mediaHeader('IMAGE'), body(long, ['Ann']));
    expect(sendTo(template, headerParams({ type: 'image', image: { id: '1' } }), bodyParams(text('x'.repeat(14))))).toEqual({
      error: 'templateTextTooLong',
      details: 'body: the body is 1025 characters once filled; at most 1024',
    });
  });

  it('answers invalidParameter (100) for two body components', () => {
    expect(sendTo(utility(body()), BODY, BODY)).toEqual({ error: 'invalidParameter', details: 'components: more than one body component' });
  });

  describe('carousels', () => {
    const kale = card(mediaHeader('IMAGE'), body('Fresh {{1}} from our farm today.', ['kale']), buttons(quickReply('More')));
    const template = marketing(body(), { type: 'CAROUSEL', cards: [kale, kale] });
    const cardSend = (index: number, veg: string): { card_index: number; components: SendComponent[] } => ({
      card_index: index,
      components: [headerParams({ type: 'image', image: { id: String(index + 1) } }), bodyParams(text(veg)), button('quick_reply', 0, { type: 'payload', payload: veg })],
    });

    it('renders each card with its own media and parameters', () => {
      const check = sendTo(template, BODY, { type: 'carousel', cards: [cardSend(1, 'leeks'), cardSend(0, 'kale')] });
      expect(rendered(check).cards).toEqual([
        { header: { type: 'image', id: '1' }, body: 'Fresh kale from our farm today.', buttons: [{ type: 'QUICK_REPLY', text: 'More', payload: 'kale' }] },
        { header: { type: 'image', id: '2' }, body: 'Fresh leeks from our farm today.', buttons: [{ type: 'QUICK_REPLY', text: 'More', payload: 'leeks' }] },
      ]);
    });

    it('answers 132000 when cards are missing or point past the template, and names the card of a parameter problem', () => {
      expect(sendTo(template, BODY, { type: 'carousel', cards: [cardSend(0, 'kale')] })).toEqual({
        error: 'templateParamCount',
        details: 'carousel: number of cards (1) does not match the expected number of cards (2)',
      });
      expect(sendTo(template, BODY)).toMatchObject({ error: 'templateParamCount' });
      expect(sendTo(template, BODY, { type: 'carousel', cards: [cardSend(0, 'kale'), cardSend(2, 'leeks')] })).toEqual({
        error: 'templateParamCount',
        details: 'carousel: card_index 2 is not a card of the template (it has 2)',
      });
      expect(sendTo(template, BODY, { type: 'carousel', cards: [cardSend(0, 'kale'), cardSend(1, 'leeks\nand more')] })).toEqual({
        error: 'templateParamIssue',
        details: 'card 1 body: parameter 1: Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
      });
      expect(sendTo(utility(body()), BODY, { type: 'carousel', cards: [cardSend(0, 'kale')] })).toMatchObject({ error: 'templateParamCount' });
    });
  });

  describe('limited-time offers', () => {
    const offer = marketing(body(), { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Ends Sunday', has_expiration: true } }, buttons({ type: 'COPY_CODE', example: 'SAVE10' }));
    const coupon = button('copy_code', 0, { type: 'coupon_code', coupon_code: 'SAVE10' });

    it('renders the offer with the expiry the send gives', () => {
      const lto: SendComponent = { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: 1_767_225_600_000 } }] };
      expect(rendered(sendTo(offer, BODY, lto, coupon)).limitedTimeOffer).toEqual({ text: 'Ends Sunday', expirationTimeMs: 1_767_225_600_000 });
    });

    it('answers 132000 without the expiry and 132012 for an expiry that is not a time', () => {
      expect(sendTo(offer, BODY, coupon)).toEqual({
        error: 'templateParamCount',
        details: 'limited_time_offer: number of localizable_params (0) does not match the expected number of params (1)',
      });
      const bad: SendComponent = { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: {} }] };
      expect(sendTo(offer, BODY, bad, coupon)).toMatchObject({ error: 'templateParamFormat' });
      expect(sendTo(utility(body()), BODY, { type: 'limited_time_offer', parameters: [{ type: 'limited_time_offer', limited_time_offer: { expiration_time_ms: 1 } }] })).toMatchObject({
        error: 'templateParamCount',
      });
    });
  });

  it('renders a one-tap OTP button with its own label', () => {
    const app = { package_name: 'com.example', signature_hash: 'K8a/AINcGX7' };
    const template = authentication({ type: 'BODY' }, buttons(otpButton({ otp_type: 'ONE_TAP', text: 'Copy', autofill_text: 'Autofill', supported_apps: [app] })));
    expect(rendered(sendTo(template, bodyParams(text('4321')), button('url', 0, text('4321'))))).toEqual({
      body: '4321 is your verification code.',
      buttons: [{ type: 'OTP', text: 'Copy', code: '4321' }],
    });
  });
});
