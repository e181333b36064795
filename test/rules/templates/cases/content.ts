import type { RuleCode } from '../../../../src/rules/templates/index.js';
import { body, definition, footer, utility, type RuleCase } from '../fixtures.js';

const twin = { ...definition(utility(body(), footer())), name: 'shipping_notice' };

export const contentCases = {
  'duplicate.existing_body_footer': {
    fail: utility(body(), footer()),
    pass: utility(body(), footer('Lucky Shrub, Berlin')),
    existing: [twin],
  },
  'policy.sensitive_data_request': {
    fail: utility(body('Hello {{1}}, please reply with your card number so order {{2}} can ship.')),
    pass: utility(body('Hello {{1}}, never share your card number; order {{2}} is paid and ships today.')),
  },
} satisfies Partial<Record<RuleCode, RuleCase>>;
