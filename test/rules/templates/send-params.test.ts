import { describe, expect, it } from 'vitest';
import { body, named, namedBody, textHeader, utility } from './fixtures.js';
import { bodyParams, headerParams, rendered, sendTo, text } from './send-fixtures.js';

const NAMED = named(namedBody('Hello {{first_name}}, your order {{order_id}} has shipped today.', { first_name: 'Ann', order_id: 'A-1' }));

describe('body and header parameters', () => {
  it('fills POSITIONAL variables in order, showing currency and dates as their fallback values (spec §1.3)', () => {
    const check = sendTo(
      utility(body('Hi {{1}}, you paid {{2}} on {{3}} for your order.', ['a', 'b', 'c'])),
      bodyParams(
        text('Jessica'),
        { type: 'currency', currency: { fallback_value: '$100.00', code: 'USD', amount_1000: 100000 } },
        { type: 'date_time', date_time: { fallback_value: 'December 25, 2024' } },
      ),
    );
    expect(rendered(check).body).toBe('Hi Jessica, you paid $100.00 on December 25, 2024 for your order.');
  });

  it('fills NAMED variables by name, in any order', () => {
    expect(rendered(sendTo(NAMED, bodyParams(text('A-9', 'order_id'), text('Bo', 'first_name')))).body).toBe('Hello Bo, your order A-9 has shipped today.');
  });

  it('answers 132000 naming the component and both counts when the count differs', () => {
    expect(sendTo(utility(body()), bodyParams(text('Ann')))).toEqual({
      error: 'templateParamCount',
      details: 'body: number of localizable_params (1) does not match the expected number of params (2)',
    });
    expect(sendTo(utility(body()))).toEqual({ error: 'templateParamCount', details: 'body: number of localizable_params (0) does not match the expected number of params (2)' });
    expect(sendTo(utility(body('Your order has shipped.', null)), bodyParams(text('x')))).toMatchObject({ error: 'templateParamCount' });
  });

  it('answers 132012 when named and positional parameters are mixed or do not match the template', () => {
    expect(sendTo(NAMED, bodyParams(text('Bo', 'first_name'), text('A-9')))).toEqual({
      error: 'templateParamFormat',
      details: 'body: parameters mix named and positional; give every parameter a parameter_name or none',
    });
    expect(sendTo(NAMED, bodyParams(text('Bo'), text('A-9')))).toEqual({
      error: 'templateParamFormat',
      details: "body: the template's parameters are named; give each parameter its parameter_name (first_name, order_id)",
    });
    expect(sendTo(utility(body()), bodyParams(text('Bo', 'first_name'), text('A-9', 'order_id')))).toEqual({
      error: 'templateParamFormat',
      details: "body: the template's parameters are positional; remove parameter_name",
    });
  });

  it('answers 132000 for a name the template does not have or a name given twice', () => {
    expect(sendTo(NAMED, bodyParams(text('Bo', 'name'), text('A-9', 'order_id')))).toEqual({
      error: 'templateParamCount',
      details: 'body: parameter_name "name" is not in the template; expected first_name, order_id',
    });
    expect(sendTo(NAMED, bodyParams(text('Bo', 'order_id'), text('A-9', 'order_id')))).toEqual({
      error: 'templateParamCount',
      details: 'body: parameter_name "order_id" is given more than once',
    });
  });

  it('answers 132012 for a body parameter of a media type, naming the allowed types', () => {
    expect(sendTo(utility(body()), bodyParams(text('Ann'), { type: 'image', image: { id: '1' } }))).toEqual({
      error: 'templateParamFormat',
      details: 'body: parameter 2 has type image; expected text, currency, date_time',
    });
    const withHeader = named(textHeader('Hi {{name}}'), namedBody('Thanks {{c}}, see you at the shop soon.', { c: 'x' }));
    const money = { type: 'currency' as const, parameter_name: 'name', currency: { fallback_value: '$1', code: 'USD', amount_1000: 1000 } };
    expect(sendTo(withHeader, headerParams(money), bodyParams(text('x', 'c')))).toEqual({
      error: 'templateParamFormat',
      details: 'header: parameter "name" has type currency; expected text',
    });
  });

  it('answers 132018 for a text parameter with a line break, a tab or more than 4 spaces in a row', () => {
    const details = 'body: parameter 2: Param text cannot have new-line/tab characters or more than 4 consecutive spaces';
    for (const bad of ['A\n1', 'A\t1', 'A     1']) expect(sendTo(utility(body()), bodyParams(text('Ann'), text(bad)))).toEqual({ error: 'templateParamIssue', details });
    expect(rendered(sendTo(utility(body()), bodyParams(text('Ann'), text('A    1')))).body).toContain('A    1');
  });

  it('answers 132005 for a text parameter over 1024 characters unless the template is only a body', () => {
    const long = 'x'.repeat(1025);
    expect(sendTo(utility(textHeader('Order news'), body()), bodyParams(text('Ann'), text(long)))).toEqual({
      error: 'templateTextTooLong',
      details: 'body: parameter 2 is 1025 characters; at most 1024',
    });
    expect(rendered(sendTo(utility(body()), bodyParams(text('Ann'), text(long)))).body).toContain(long);
  });
});
