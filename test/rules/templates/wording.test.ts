import { describe, expect, it } from 'vitest';
import { findWording, marketingWording, visibleText } from '../../../src/rules/templates/wording.js';
import { body, buttons, card, definition, footer, marketing, mediaHeader, quickReply, textHeader } from './fixtures.js';

describe('wording', () => {
  it('matches whole words with an optional plural, without case, and phrases that start with a sign', () => {
    expect(findWording('Big SALES today', marketingWording)).toBe('sale');
    expect(findWording('Take 20% off now', marketingWording)).toBe('% off');
    expect(findWording('Your wholesale account', marketingWording)).toBeUndefined();
    expect(findWording('We are offering help', marketingWording)).toBeUndefined();
  });

  it('reads every text a user sees: header, body, footer, buttons, offer and cards', () => {
    const t = definition(
      marketing(
        textHeader('Head'),
        body('Body text here.', null),
        footer('Foot'),
        buttons(quickReply('Tap')),
        { type: 'CAROUSEL', cards: [card(mediaHeader(), body('Card text.', null))] },
        { type: 'LIMITED_TIME_OFFER', limited_time_offer: { text: 'Offer' } },
      ),
    );
    expect(visibleText(t).split('\n')).toEqual(['Head', 'Body text here.', 'Foot', 'Tap', 'Offer', 'Card text.']);
  });
});
