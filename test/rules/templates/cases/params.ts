import type { RuleCode } from '../../../../src/rules/templates/index.js';
import { body, named, namedBody, utility, type RuleCase } from '../fixtures.js';

/** 101 variables, each between words: more than a template may hold. */
const crowded = Array.from({ length: 101 }, (_, i) => `w {{${i + 1}}}`).join(' ') + ' end.';

export const paramCases = {
  'text.mismatched_braces': {
    fail: utility(body('Hello {{1}, your order {{2}} has shipped and will arrive soon.')),
    pass: utility(body()),
  },
  'text.adjacent_parameters': {
    fail: utility(body('Hello {{1}} {{2}}, your order has shipped and will arrive soon.')),
    pass: utility(body('Hello {{1}}, order {{2}}, your order has shipped and will arrive soon.')),
  },
  'params.special_characters': {
    fail: utility(body('Hello {{1}}, your order {{#2}} has shipped and will arrive soon.')),
    pass: utility(body()),
  },
  'params.invalid_name': {
    fail: named(namedBody('Hello {{First Name}}, your order has shipped and will arrive soon.', {})),
    pass: named(namedBody('Hello {{first_name}}, your order has shipped and will arrive soon.', { first_name: 'Ann' })),
  },
  'params.format_mismatch': {
    fail: utility(namedBody('Hello {{first_name}}, your order has shipped and will arrive soon.', { first_name: 'Ann' })),
    pass: named(namedBody('Hello {{first_name}}, your order has shipped and will arrive soon.', { first_name: 'Ann' })),
  },
  'params.mixed_formats': {
    fail: utility(body('Hello {{1}}, your order {{order_id}} has shipped and will arrive soon.', ['Ann'])),
    pass: utility(body()),
  },
  'params.not_sequential': {
    fail: utility(body('Hello {{1}}, your order {{3}} has shipped and will arrive soon.')),
    pass: utility(body('Hello {{1}}, your order {{2}} has shipped and will arrive soon.')),
  },
  'params.repeated': {
    fail: named(namedBody('Hello {{name}}, your order has shipped, {{name}}, and will arrive soon.', { name: 'Ann' })),
    pass: named(namedBody('Hello {{name}}, your order has shipped and will arrive soon.', { name: 'Ann' })),
  },
  'params.too_many_total': { fail: utility(body(crowded, Array.from({ length: 101 }, () => 'v'))), pass: utility(body()) },
  'body.dangling_parameter': {
    fail: utility(body('{{1}}, your order has shipped and will arrive on {{2}}', ['Ann', 'Monday'])),
    pass: utility(body('Hi {{1}}, your order has shipped and will arrive on {{2}}.', ['Ann', 'Monday'])),
  },
  'body.too_many_parameters': {
    fail: utility(body('Hi {{1}}, order {{2}} is {{3}}.', ['Ann', 'A-1', 'late'])),
    pass: utility(body('Hi {{1}}, your order {{2}} is now {{3}} and will be with you soon.', ['Ann', 'A-1', 'late'])),
  },
} satisfies Partial<Record<RuleCode, RuleCase>>;
