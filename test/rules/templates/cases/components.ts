import type { RuleCode } from '../../../../src/rules/templates/index.js';
import {
  body, card, footer, marketing, mediaHeader, template, textHeader, utility, type RuleCase,
} from '../fixtures.js';

const carousel = (...cards: unknown[]) => ({ type: 'CAROUSEL', cards });
const offer = (text: string) => ({ type: 'LIMITED_TIME_OFFER', limited_time_offer: { text, has_expiration: true } });

export const componentCases = {
  'components.duplicate': { fail: utility(body(), body()), pass: utility(body(), footer()) },
  'components.not_allowed': { fail: utility(body(), offer('Ends soon')), pass: marketing(body(), offer('Ends soon')) },
  'body.missing': { fail: utility(footer()), pass: utility(body(), footer()) },
  'body.text_missing': { fail: utility(body('  ', null)), pass: utility(body('Your order has shipped.', null)) },
  'body.text_too_long': { fail: utility(body('x'.repeat(1025), null)), pass: utility(body('x'.repeat(1024), null)) },
  'header.text_missing': { fail: utility({ type: 'HEADER', format: 'TEXT' }, body()), pass: utility(textHeader('Your order'), body()) },
  'header.text_too_long': { fail: utility(textHeader('h'.repeat(61)), body()), pass: utility(textHeader('h'.repeat(60)), body()) },
  'header.too_many_parameters': {
    fail: utility(textHeader('Order {{1}} of {{2}}', ['A', 'B']), body()),
    pass: utility(textHeader('Order {{1}}', ['A-100']), body()),
  },
  'header.media_example_missing': { fail: utility(mediaHeader('DOCUMENT', null), body()), pass: utility(mediaHeader('DOCUMENT'), body()) },
  'header.invalid_characters': { fail: utility(textHeader('Shipped 🎉'), body()), pass: utility(textHeader('Shipped'), body()) },
  'header.format_not_allowed': { fail: utility(mediaHeader('GIF'), body()), pass: marketing(mediaHeader('GIF'), body()) },
  'footer.text_too_long': { fail: utility(body(), footer('f'.repeat(61))), pass: utility(body(), footer('f'.repeat(60))) },
  'footer.parameters_not_allowed': { fail: utility(body(), footer('Store {{1}}')), pass: utility(body(), footer('Store 12')) },
  'footer.newline': { fail: utility(body(), footer('Lucky\nShrub')), pass: utility(body(), footer('Lucky Shrub')) },
  'carousel.card_count': {
    fail: marketing(body(), carousel(...Array.from({ length: 11 }, () => card()))),
    pass: marketing(body(), carousel(card(), card())),
  },
  'carousel.card_header': {
    fail: marketing(body(), carousel(card(textHeader('Tomatoes'), body('Fresh tomatoes from our own farm.', null)))),
    pass: marketing(body(), carousel(card(mediaHeader('VIDEO'), body('Fresh tomatoes from our own farm.', null)))),
  },
  'lto.text_too_long': { fail: marketing(body(), offer('Offer ends on Sunday')), pass: marketing(body(), offer('Ends Sunday')) },
  'ttl.out_of_range': {
    fail: template({ category: 'MARKETING', message_send_ttl_seconds: 3600 }),
    pass: template({ category: 'UTILITY', message_send_ttl_seconds: 3600 }),
  },
} satisfies Partial<Record<RuleCode, RuleCase>>;
