import { finding, join, type Finding } from './findings.js';
import { findComponent, type ExistingTemplate, type TemplateComponent, type TemplateDefinition } from './types.js';
import { located } from './walk.js';

/** Wording compared as a reader sees it: case, spacing and line breaks do not make a text new. */
const normalize = (text: string | undefined): string => (text ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Spec §3.5: a template whose body and footer repeat, word for word, those of another template of
 * the account in the same language is rejected; authentication templates, whose wording is Meta's,
 * are exempt. `existing` is what the account already holds (the caller leaves out deleted ones);
 * an entry with the same name and language is this template's earlier version, not a duplicate.
 */
export function checkDuplicate(template: TemplateDefinition, existing: readonly ExistingTemplate[]): Finding[] {
  if (template.category === 'AUTHENTICATION') return [];
  const body = findComponent(template.components, 'BODY');
  if (body?.component.text === undefined) return [];
  const key = (components: readonly TemplateComponent[]): string =>
    `${normalize(findComponent(components, 'BODY')?.component.text)}\u0000${normalize(findComponent(components, 'FOOTER')?.component.text)}`;
  const mine = key(template.components);
  const twin = existing.find(
    (e) =>
      e.language === template.language &&
      e.name !== template.name &&
      findComponent(e.components, 'BODY')?.component.text !== undefined &&
      key(e.components) === mine,
  );
  if (twin === undefined) return [];
  return [
    finding(
      'duplicate.existing_body_footer',
      join(`components[${body.index}]`, 'text'),
      `Reword the body or footer: template "${twin.name}" (${twin.language}) already says the same; use that template or change this one's wording.`,
    ),
  ];
}

/**
 * Spec §3.5 lists asking for full card or identity numbers among the policy rejections. We catch
 * a request verb near such a term ("reply with your card number", "send us your CVV"), skipping
 * warnings ("never share your PIN"). A heuristic: wording it misses is not caught, and threats or
 * commerce-policy breaches are left to the sandbox markers of review.ts.
 */
const requestVerbs = 'send|share|reply with|provide|enter|give|confirm|tell us';
const sensitiveTerms = 'card number|credit card|debit card|cvv|cvc|pin|password|social security number|ssn|passport number|id number';
const sensitiveRequest = new RegExp(`\\b(${requestVerbs})\\b[^.!?\\n]{0,40}?\\b(${sensitiveTerms})\\b`, 'gi');
const negated = /\b(never|not|don't|won't)\b[^.!?\n]{0,20}$/i;

export function checkPolicy(template: TemplateDefinition): Finding[] {
  if (template.category === 'AUTHENTICATION') return [];
  return located(template).flatMap(({ component, path }) => {
    const text = component.type === 'HEADER' || component.type === 'BODY' || component.type === 'FOOTER' ? component.text : undefined;
    if (text === undefined) return [];
    const asks = [...text.matchAll(sensitiveRequest)].find((m) => !negated.test(text.slice(0, m.index)));
    if (asks === undefined) return [];
    return [
      finding('policy.sensitive_data_request', join(path, 'text'), `Do not ask people for their ${(asks[2] ?? '').toLowerCase()} in a message; link to a secure page of yours instead.`),
    ];
  });
}
