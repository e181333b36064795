import { ruleCodes, type RuleCode } from '../../../../src/rules/templates/index.js';
import type { RuleCase } from '../fixtures.js';
import { authCases } from './auth.js';
import { buttonCases } from './buttons.js';
import { componentCases } from './components.js';
import { contentCases } from './content.js';
import { exampleCases } from './examples.js';
import { paramCases } from './params.js';
import { parseCases } from './parse.js';

/** One failing and one fixed example per rule; the compiler refuses a rule without its case. */
export const allRuleCases = {
  ...parseCases,
  ...componentCases,
  ...paramCases,
  ...exampleCases,
  ...buttonCases,
  ...authCases,
  ...contentCases,
} satisfies Record<RuleCode, RuleCase>;

export { ruleCodes };

