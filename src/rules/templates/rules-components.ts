import { charLength, finding, join, type Finding } from './findings.js';
import { templateCountLimits, templateTextLimits as L, ttlRange } from './limits.js';
import { placeholders } from './placeholders.js';
import { mediaHeaderFormats, type ComponentType, type HeaderComponent, type TemplateCategory, type TemplateDefinition } from './types.js';
import { located, scopes, type Located } from './walk.js';

/** Pictographic characters: what Meta's rules mean by emoji. */
export const emojiPattern = /\p{Extended_Pictographic}/u;

/** Components each category may not carry (spec §3.2: authentication is body, footer and one OTP button). */
const notAllowed: Record<TemplateCategory, readonly ComponentType[]> = {
  AUTHENTICATION: ['CAROUSEL', 'LIMITED_TIME_OFFER'],
  // A limited-time offer is a promotion: Meta offers it on marketing templates only (assumption).
  UTILITY: ['LIMITED_TIME_OFFER'],
  MARKETING: [],
};

/** Header formats tied to the marketing products (GIF via the Marketing Messages API, spec §2; product headers). */
const marketingOnlyHeaders: readonly string[] = ['GIF', 'PRODUCT'];

/** Which components a template has, their lengths, and the header, footer and carousel rules (spec §3.2, §3.3). */
export function checkComponents(template: TemplateDefinition): Finding[] {
  const found: Finding[] = [];
  for (const scope of scopes(template)) {
    const seen = new Set<ComponentType>();
    scope.components.forEach((c, i) => {
      const at = join(join(scope.at, 'components'), i);
      if (seen.has(c.type)) found.push(finding('components.duplicate', at, `Remove the second ${c.type}: a template has at most one.`));
      seen.add(c.type);
    });
  }
  if (!template.components.some((c) => c.type === 'BODY')) {
    found.push(finding('body.missing', 'components', 'Add a BODY component: it is the one every template needs.'));
  }
  template.components.forEach((c, i) => {
    if (notAllowed[template.category].includes(c.type)) {
      found.push(finding('components.not_allowed', `components[${i}]`, `Remove the ${c.type} component: ${template.category} templates cannot carry one.`));
    }
  });
  for (const l of located(template)) found.push(...checkComponent(l, template));
  found.push(...checkTtl(template));
  return found;
}

function checkComponent({ component: c, path, card }: Located, template: TemplateDefinition): Finding[] {
  const found: Finding[] = [];
  const textAt = join(path, 'text');
  const tooLong = (rule: 'body.text_too_long' | 'footer.text_too_long', what: string, text: string, max: number): void => {
    if (charLength(text) > max) found.push(finding(rule, textAt, `Shorten the ${what} to at most ${max} characters; it has ${charLength(text)}.`));
  };
  switch (c.type) {
    case 'HEADER':
      return checkHeader(c, path, template.category);
    case 'BODY':
      // An authentication body is Meta's fixed text (rules-auth.ts); any other body needs words.
      if ((c.text === undefined || c.text.trim() === '') && (template.category !== 'AUTHENTICATION' || card)) {
        found.push(finding('body.text_missing', textAt, 'Write the body text: it is what the message says.'));
      }
      if (c.text !== undefined) tooLong('body.text_too_long', 'body', c.text, L.bodyText);
      return found;
    case 'FOOTER':
      if (c.text === undefined) return found;
      tooLong('footer.text_too_long', 'footer', c.text, L.footerText);
      if (placeholders(c.text).length > 0) found.push(finding('footer.parameters_not_allowed', textAt, 'Remove the variables from the footer: footers are fixed text.'));
      if (/[\r\n]/.test(c.text)) found.push(finding('footer.newline', textAt, 'Put the footer on one line: footers cannot contain line breaks.'));
      return found;
    case 'CAROUSEL':
      if (c.cards.length < 1 || c.cards.length > templateCountLimits.cards) {
        found.push(finding('carousel.card_count', join(path, 'cards'), `Give the carousel 1 to ${templateCountLimits.cards} cards; it has ${c.cards.length}.`));
      }
      c.cards.forEach((cardDef, i) => {
        const header = cardDef.components.find((x) => x.type === 'HEADER');
        if (header?.format !== 'IMAGE' && header?.format !== 'VIDEO') {
          found.push(finding('carousel.card_header', join(join(path, 'cards'), i), 'Give each card an IMAGE or VIDEO header: cards are led by media.'));
        }
      });
      return found;
    case 'LIMITED_TIME_OFFER':
      if (charLength(c.limited_time_offer.text) > L.offerText) {
        found.push(finding('lto.text_too_long', join(join(path, 'limited_time_offer'), 'text'), `Shorten the offer text to at most ${L.offerText} characters.`));
      }
      return found;
    case 'BUTTONS':
      return found; // rules-buttons.ts
    default: {
      const never: never = c;
      throw new Error(`unhandled component ${String(never)}`);
    }
  }
}

function checkHeader(c: HeaderComponent, path: string, category: TemplateCategory): Finding[] {
  const found: Finding[] = [];
  const at = join(path, 'text');
  if (marketingOnlyHeaders.includes(c.format) && category !== 'MARKETING') {
    found.push(finding('header.format_not_allowed', join(path, 'format'), `Use another header format or make the template MARKETING: ${c.format} headers are for marketing templates.`));
  }
  if (mediaHeaderFormats.includes(c.format) && !(c.example?.header_handle ?? []).some((h) => h.trim() !== '')) {
    found.push(
      finding(
        'header.media_example_missing',
        join(join(path, 'example'), 'header_handle'),
        `Upload a sample ${c.format.toLowerCase()} with the Resumable Upload API and give its handle in example.header_handle.`,
      ),
    );
  }
  if (c.format !== 'TEXT') return found;
  if (c.text === undefined || c.text.trim() === '') return [...found, finding('header.text_missing', at, 'Write the header text, or choose another header format.')];
  if (charLength(c.text) > L.headerText) found.push(finding('header.text_too_long', at, `Shorten the header to at most ${L.headerText} characters; it has ${charLength(c.text)}.`));
  const count = placeholders(c.text).length;
  if (count > 1) found.push(finding('header.too_many_parameters', at, `Use at most one variable in the header; it has ${count}.`));
  // Spec §3.5 [3p]: no emoji, formatting marks or line breaks in a text header.
  const words = c.text.replace(/\{\{[^{}]*\}\}/g, '');
  if (emojiPattern.test(words) || /[*_~`]/.test(words) || /[\r\n]/.test(words)) {
    found.push(finding('header.invalid_characters', at, 'Remove emoji, formatting marks (* _ ~ `) and line breaks from the header text.'));
  }
  return found;
}

function checkTtl(template: TemplateDefinition): Finding[] {
  const ttl = template.message_send_ttl_seconds;
  if (ttl === undefined) return [];
  const range = ttlRange[template.category];
  if ((ttl === -1 && range.unlimited) || (ttl >= range.min && ttl <= range.max)) return [];
  const unlimited = range.unlimited ? ', or -1 for 30 days' : '';
  return [
    finding('ttl.out_of_range', 'message_send_ttl_seconds', `Set message_send_ttl_seconds between ${range.min} and ${range.max} for ${template.category} templates${unlimited}.`),
  ];
}
