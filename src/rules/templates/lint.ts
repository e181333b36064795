import type { Finding } from './findings.js';
import { checkAuthentication } from './rules-auth.js';
import { checkButtons } from './rules-buttons.js';
import { checkComponents } from './rules-components.js';
import { checkDuplicate, checkPolicy } from './rules-content.js';
import { checkExamples } from './rules-examples.js';
import { checkParameters } from './rules-params.js';
import type { ExistingTemplate, TemplateDefinition } from './types.js';

export interface LintOptions {
  /** The account's other templates, for the duplicate-wording rule; none when left out. */
  existing?: readonly ExistingTemplate[];
}

/**
 * Every reason Meta's review would reject this template (spec §3.3, §3.5), all at once so a
 * business fixes them in one round. An empty list means the format passes; the reviewer may
 * still reject on content (review.ts).
 */
export function lintTemplate(template: TemplateDefinition, options: LintOptions = {}): Finding[] {
  return [
    ...checkComponents(template),
    ...checkParameters(template),
    ...checkExamples(template),
    ...checkButtons(template),
    ...checkAuthentication(template),
    ...checkPolicy(template),
    ...checkDuplicate(template, options.existing ?? []),
  ];
}
