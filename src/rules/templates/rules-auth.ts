import { finding, join, type Finding } from './findings.js';
import { codeExpirationMinutes } from './limits.js';
import { emojiPattern } from './rules-components.js';
import type { TemplateDefinition } from './types.js';

const urlPattern = /https?:\/\/|www\./i;

/**
 * Authentication templates (spec §3.2): Meta writes the body ("{{1}} is your verification code.",
 * plus a security line on request) and the footer ("This code expires in N minutes."); the
 * business picks those options and one OTP button, and nothing else: no header, no media, no
 * URL, no emoji.
 */
export function checkAuthentication(template: TemplateDefinition): Finding[] {
  if (template.category !== 'AUTHENTICATION') return [];
  const found: Finding[] = [];
  let otpButtons = 0;
  template.components.forEach((c, i) => {
    const at = `components[${i}]`;
    switch (c.type) {
      case 'HEADER':
        found.push(finding('auth.header_not_allowed', at, 'Remove the header: authentication templates have none (no text, media or location).'));
        break;
      case 'BODY':
        if (c.text !== undefined) {
          const fix = 'Remove the body text: Meta writes an authentication body; set add_security_recommendation to add the security line.';
          found.push(finding('auth.body_text_not_allowed', join(at, 'text'), fix));
        }
        break;
      case 'FOOTER': {
        if (c.text !== undefined) {
          found.push(finding('auth.footer_text_not_allowed', join(at, 'text'), 'Remove the footer text: set code_expiration_minutes and Meta writes the footer.'));
        }
        const minutes = c.code_expiration_minutes;
        if (minutes !== undefined && (minutes < codeExpirationMinutes.min || minutes > codeExpirationMinutes.max)) {
          found.push(
            finding(
              'auth.code_expiration_range',
              join(at, 'code_expiration_minutes'),
              `Set code_expiration_minutes between ${codeExpirationMinutes.min} and ${codeExpirationMinutes.max}.`,
            ),
          );
        }
        break;
      }
      case 'BUTTONS':
        c.buttons.forEach((b, j) => {
          const buttonAt = join(join(at, 'buttons'), j);
          if (b.type !== 'OTP') {
            found.push(finding('auth.button_not_allowed', join(buttonAt, 'type'), `Replace the ${b.type} button with an OTP button: authentication templates carry only that.`));
            return;
          }
          otpButtons += 1;
          for (const [key, text] of [['text', b.text], ['autofill_text', b.autofill_text]] as const) {
            if (text !== undefined && (emojiPattern.test(text) || urlPattern.test(text))) {
              found.push(finding('auth.emoji_or_url', join(buttonAt, key), 'Remove emoji and links from the button: authentication templates allow neither.'));
            }
          }
        });
        break;
      default:
        break; // CAROUSEL and LIMITED_TIME_OFFER: rules-components.ts
    }
  });
  if (otpButtons === 0) {
    found.push(finding('auth.otp_button_required', 'components', 'Add a BUTTONS component with one OTP button (otp_type COPY_CODE, ONE_TAP or ZERO_TAP).'));
  }
  return found;
}
