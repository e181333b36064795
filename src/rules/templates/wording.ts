import type { TemplateDefinition } from './types.js';
import { located } from './walk.js';

/**
 * The simulated reviewer's word lists. Small on purpose: they make the sandbox's category
 * decisions predictable for a developer, not a model of Meta's classifier. A word matches
 * whole, with an optional plural `s` ("offer", "offers"; not "offering").
 */
export const marketingWording = [
  'sale', '% off', 'discount', 'offer', 'limited time', 'buy now', 'shop now', 'promo', 'promotion', 'coupon', 'deal',
  'free shipping', 'special price', 'clearance', 'new arrival', 'best price',
] as const;

/** Wording of a one-time-code message, which belongs in an AUTHENTICATION template (spec §3.5). */
export const authenticationLikeWording = ['verification code', 'one-time password', 'one time password', 'otp', 'passcode', 'login code'] as const;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function pattern(word: string): RegExp {
  const start = /^\w/.test(word) ? '\\b' : '';
  const end = /\w$/.test(word) ? 's?\\b' : '';
  return new RegExp(`${start}${escape(word)}${end}`, 'i');
}

/** The first listed word the text contains, if any. */
export function findWording(text: string, words: readonly string[]): string | undefined {
  return words.find((w) => pattern(w).test(text));
}

/** Everything a reader of the template sees in words: header, body, footer, offer and button labels, cards included. */
export function visibleText(template: Pick<TemplateDefinition, 'components'>): string {
  return located(template)
    .flatMap(({ component: c }) => {
      switch (c.type) {
        case 'HEADER':
        case 'BODY':
        case 'FOOTER':
          return c.text === undefined ? [] : [c.text];
        case 'BUTTONS':
          return c.buttons.flatMap((b) => (b.text === undefined ? [] : [b.text]));
        case 'LIMITED_TIME_OFFER':
          return [c.limited_time_offer.text];
        case 'CAROUSEL':
          return [];
        default: {
          const never: never = c;
          throw new Error(`unhandled component ${String(never)}`);
        }
      }
    })
    .join('\n');
}
