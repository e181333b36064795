import { findComponent, type TemplateDefinition } from './types.js';

/**
 * The wording Meta writes for an authentication template (spec §3.2): the business chooses only
 * whether the security line is added and how long the code lasts. The code is the body's one
 * variable, `{{1}}`, and also the OTP button's parameter at send time (spec §1.3).
 */
export const authenticationWording = {
  body: '{{1}} is your verification code.',
  securityRecommendation: 'For your security, do not share this code.',
  footer: (minutes: number): string => `This code expires in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
} as const;

/** The body text a template shows: its own, or Meta's for an authentication template. */
export function bodyText(template: Pick<TemplateDefinition, 'category' | 'components'>): string | undefined {
  const body = findComponent(template.components, 'BODY')?.component;
  if (template.category !== 'AUTHENTICATION') return body?.text;
  const security = body?.add_security_recommendation === true ? ` ${authenticationWording.securityRecommendation}` : '';
  return `${authenticationWording.body}${security}`;
}

/** The footer text a template shows: its own, or Meta's expiry line for an authentication template. */
export function footerText(template: Pick<TemplateDefinition, 'category' | 'components'>): string | undefined {
  const footer = findComponent(template.components, 'FOOTER')?.component;
  if (template.category !== 'AUTHENTICATION') return footer?.text;
  return footer?.code_expiration_minutes === undefined ? undefined : authenticationWording.footer(footer.code_expiration_minutes);
}
