import { describe, expect, it } from 'vitest';
import { reviewTemplate, sandboxMarkers } from '../../../src/rules/templates/index.js';
import { authentication, body, buttons, definition, footer, marketing, quickReply, template, utility } from './fixtures.js';

const withBody = (text: string, category = 'UTILITY') => definition(template({ category }, body(text, null)));

describe('reviewTemplate', () => {
  it('approves a clean template in the category it was submitted in', () => {
    expect(reviewTemplate(definition(utility(body(), footer(), buttons(quickReply()))))).toEqual({
      status: 'APPROVED',
      rejectedReason: 'NONE',
      rejectionInfo: null,
      category: 'UTILITY',
      findings: [],
    });
    expect(reviewTemplate(definition(authentication()))).toMatchObject({ status: 'APPROVED', category: 'AUTHENTICATION' });
  });

  it.each(Object.entries(sandboxMarkers))('rejects a template carrying %s with %s', (marker, reason) => {
    const decision = reviewTemplate(withBody(`Your order has shipped. ${marker}`));
    expect(decision).toMatchObject({ status: 'REJECTED', rejectedReason: reason, category: 'UTILITY', findings: [] });
    expect(decision.rejectionInfo?.recommendation).toMatch(/\.$/);
  });

  it('finds a marker in any visible text, whatever its case, and can be given other markers', () => {
    const inFooter = definition(utility(body(), footer('[[REJECT:SCAM]]')));
    expect(reviewTemplate(inFooter).rejectedReason).toBe('SCAM');
    expect(reviewTemplate(inFooter, { markers: {} }).status).toBe('APPROVED');
    expect(reviewTemplate(withBody('Your order has shipped. #deny'), { markers: { '#deny': 'ABUSIVE_CONTENT' } }).rejectedReason).toBe('ABUSIVE_CONTENT');
  });

  it('rejects a template with lint findings, listing each in rejection_info', () => {
    const decision = reviewTemplate(definition(utility(body('{{1}} {{2}}', ['a', 'b']))));
    expect(decision.status).toBe('REJECTED');
    expect(decision.rejectedReason).toBe('INVALID_FORMAT');
    expect(decision.findings.map((f) => f.rule)).toEqual(['text.adjacent_parameters', 'body.dangling_parameter', 'body.dangling_parameter', 'body.too_many_parameters']);
    expect(decision.rejectionInfo?.reason).toContain('components[0].text: Put words between {{1}} and {{2}}: variables next to each other are rejected.');
    expect(decision.rejectionInfo?.recommendation).toBe('Fix the problems listed and submit the template again.');
  });

  it('prefers a policy reason to a format one when lint finds both', () => {
    const decision = reviewTemplate(withBody('{{1}}, please reply with your card number.'));
    expect(decision.findings.map((f) => f.rejectedReason)).toContain('INVALID_FORMAT');
    expect(decision.rejectedReason).toBe('SCAM');
  });

  it('checks lint before markers, so the format problems are reported first', () => {
    expect(reviewTemplate(withBody('{{1}} [[reject:abusive]]')).rejectedReason).toBe('INVALID_FORMAT');
  });

  it('approves a UTILITY template with marketing wording as MARKETING, whatever allow_category_change says (spec §3.5)', () => {
    for (const text of ['Our summer sale starts today.', 'Get 20% off your next order.', 'A special offer just for you.', 'Use this coupon at checkout.']) {
      expect(reviewTemplate(withBody(text)), text).toEqual({
        status: 'APPROVED',
        rejectedReason: 'NONE',
        rejectionInfo: null,
        category: 'MARKETING',
        previousCategory: 'UTILITY',
        findings: [],
      });
    }
    const refused = definition(template({ allow_category_change: false }, body('Big sale this weekend only.', null)));
    expect(reviewTemplate(refused)).toMatchObject({ status: 'APPROVED', category: 'MARKETING', previousCategory: 'UTILITY' });
  });

  it('recategorises a UTILITY template with a coupon button, and not for words that only contain a marketing word', () => {
    const coupon = definition(template({}, body('Your order has shipped.', null), buttons({ type: 'COPY_CODE', example: 'SAVE10' })));
    expect(reviewTemplate(coupon)).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
    expect(reviewTemplate(withBody('Your wholesale order is offering pickup.'))).toMatchObject({ category: 'UTILITY' });
    expect(reviewTemplate(withBody('Our summer sale starts today.'), { marketingWords: ['bargain'] })).toMatchObject({ category: 'UTILITY' });
  });

  it('keeps a MARKETING template MARKETING, without a previous category', () => {
    const decision = reviewTemplate(definition(marketing(body('Our summer sale starts today.', null))));
    expect(decision).toMatchObject({ status: 'APPROVED', category: 'MARKETING' });
    expect(decision).not.toHaveProperty('previousCategory');
  });

  it('rejects a one-time-code message submitted outside AUTHENTICATION as INCORRECT_CATEGORY', () => {
    const decision = reviewTemplate(withBody('Your verification code is below, for the login.'));
    expect(decision).toMatchObject({ status: 'REJECTED', rejectedReason: 'INCORRECT_CATEGORY', category: 'UTILITY' });
    expect(decision.rejectionInfo?.recommendation).toBe('Submit it as an AUTHENTICATION template with an OTP button.');
    expect(reviewTemplate(withBody('Use your OTP to sign in.', 'MARKETING')).rejectedReason).toBe('INCORRECT_CATEGORY');
  });

  it('checks duplicates against the existing templates it is given', () => {
    const mine = definition(utility(body(), footer()));
    expect(reviewTemplate(mine, { existing: [{ ...mine, name: 'older' }] })).toMatchObject({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' });
  });
});
