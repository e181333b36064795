import type { RuleCode } from '../../../../src/rules/templates/index.js';
import { body, named, namedBody, textHeader, utility, type RuleCase } from '../fixtures.js';

const NAMED_TEXT = 'Hello {{first_name}}, your order {{order_id}} has shipped and will arrive soon.';

export const exampleCases = {
  'example.missing': { fail: utility(body(undefined, null)), pass: utility(body()) },
  'example.wrong_format': {
    fail: utility({ type: 'BODY', text: 'Hello {{1}}, your order has shipped and will arrive soon.', example: { body_text_named_params: [{ param_name: 'x', example: 'Ann' }] } }),
    pass: utility(body('Hello {{1}}, your order has shipped and will arrive soon.', ['Ann'])),
  },
  'example.count_mismatch': { fail: utility(textHeader('Order {{1}}', ['A', 'B']), body()), pass: utility(textHeader('Order {{1}}', ['A']), body()) },
  'example.unknown_name': {
    fail: named(namedBody(NAMED_TEXT, { first_name: 'Ann', order_id: 'A-1', last_name: 'Lee' })),
    pass: named(namedBody(NAMED_TEXT, { first_name: 'Ann', order_id: 'A-1' })),
  },
  'example.invalid_value': { fail: utility(body(undefined, ['Ann', 'A-1\nA-2'])), pass: utility(body(undefined, ['Ann', 'A-1 A-2'])) },
} satisfies Partial<Record<RuleCode, RuleCase>>;
