import { describe, expect, it } from 'vitest';
import { body, buttons, marketing, phoneButton, quickReply, urlButton, utility } from './fixtures.js';
import { bodyParams, button, rendered, sendTo, text } from './send-fixtures.js';

const BODY = bodyParams(text('Ann'), text('A-1'));
const ALL = utility(body(), buttons(quickReply('Stop'), urlButton(), phoneButton(), urlButton('https://shop.example/help', null)));

describe('buttons', () => {
  it('renders every button with the payload, URL suffix and number a user would see', () => {
    const check = sendTo(ALL, BODY, button('quick_reply', 0, { type: 'payload', payload: 'STOP-42' }), button('url', 1, text('A-1')));
    expect(rendered(check).buttons).toEqual([
      { type: 'QUICK_REPLY', text: 'Stop', payload: 'STOP-42' },
      { type: 'URL', text: 'Track order', url: 'https://shop.example/track/A-1' },
      { type: 'PHONE_NUMBER', text: 'Call us', phoneNumber: '15550051310' },
      { type: 'URL', text: 'Track order', url: 'https://shop.example/help' },
    ]);
  });

  it('leaves the quick-reply payload out when the send does not set one', () => {
    expect(rendered(sendTo(ALL, BODY, button('url', 1, text('A-1')))).buttons[0]).toEqual({ type: 'QUICK_REPLY', text: 'Stop' });
  });

  it('answers 132000 when a URL with a variable gets no suffix, or a fixed URL gets one', () => {
    expect(sendTo(ALL, BODY)).toEqual({ error: 'templateParamCount', details: 'button at index 1: number of localizable_params (0) does not match the expected number of params (1)' });
    expect(sendTo(ALL, BODY, button('url', 1, text('A-1')), button('url', 3, text('x')))).toEqual({
      error: 'templateParamCount',
      details: 'button at index 3: number of localizable_params (1) does not match the expected number of params (0)',
    });
  });

  it('answers 132000 for an index the template has no button at', () => {
    expect(sendTo(ALL, BODY, button('url', 1, text('A-1')), button('quick_reply', 7))).toEqual({
      error: 'templateParamCount',
      details: 'button at index 7: the template has no button there (it has 4)',
    });
  });

  it('answers 132012 when sub_type does not match the button at that index', () => {
    expect(sendTo(ALL, BODY, button('quick_reply', 1, { type: 'payload', payload: 'x' }))).toEqual({
      error: 'templateParamFormat',
      details: "button at index 1: the template's button there is URL (sub_type url), not quick_reply",
    });
    expect(sendTo(ALL, BODY, button('url', 1, text('A-1')), button('url', 2, text('x')))).toEqual({
      error: 'templateParamFormat',
      details: "button at index 2: the template's button there is PHONE_NUMBER, which takes no parameters; remove this component",
    });
  });

  it('answers 132012 for a parameter of the wrong type', () => {
    expect(sendTo(ALL, BODY, button('quick_reply', 0, text('x')), button('url', 1, text('A-1')))).toEqual({
      error: 'templateParamFormat',
      details: 'button at index 0: parameter 1 has type text; expected payload',
    });
  });

  it('answers 132018 for a URL suffix with a line break', () => {
    expect(sendTo(ALL, BODY, button('url', 1, text('A\n1')))).toMatchObject({ error: 'templateParamIssue' });
  });

  it('answers invalidParameter (100) for two components at one index', () => {
    expect(sendTo(ALL, BODY, button('url', 1, text('A-1')), button('url', 1, text('A-2')))).toEqual({
      error: 'invalidParameter',
      details: 'components: index 1 is given to more than one button component',
    });
  });

  it('needs the coupon of a copy-code button, renders it, and refuses one over 15 characters', () => {
    const coupon = marketing(body(), buttons({ type: 'COPY_CODE', example: 'SAVE10' }));
    expect(rendered(sendTo(coupon, BODY, button('copy_code', 0, { type: 'coupon_code', coupon_code: 'SUMMER25' }))).buttons).toEqual([
      { type: 'COPY_CODE', text: 'Copy offer code', code: 'SUMMER25' },
    ]);
    expect(sendTo(coupon, BODY)).toMatchObject({ error: 'templateParamCount' });
    expect(sendTo(coupon, BODY, button('copy_code', 0, { type: 'coupon_code', coupon_code: 'X'.repeat(16) }))).toEqual({
      error: 'parameterValueInvalid',
      details: 'button at index 0: the coupon_code is 16 characters; at most 15',
    });
  });

  it('passes the action of a flow button through, and needs one for a multi-product button', () => {
    const flow = utility(body(), buttons({ type: 'FLOW', text: 'Book', flow_id: '1' }));
    const action = { flow_token: 'tok', flow_action_data: { a: 1 } };
    expect(rendered(sendTo(flow, BODY, button('flow', 0, { type: 'action', action }))).buttons).toEqual([{ type: 'FLOW', text: 'Book', action }]);
    expect(rendered(sendTo(flow, BODY)).buttons).toEqual([{ type: 'FLOW', text: 'Book' }]);
    const mpm = marketing(body(), buttons({ type: 'MPM', text: 'View items' }));
    expect(sendTo(mpm, BODY)).toMatchObject({ error: 'templateParamCount' });
  });
});
