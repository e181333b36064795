import { charLength, finding, join, type Finding } from './findings.js';
import { maxButtonsOfType, signatureHashLength, templateCountLimits as N, templateTextLimits as L } from './limits.js';
import { placeholders } from './placeholders.js';
import { valueProblem } from './rules-examples.js';
import { buttonTypes, type TemplateButton, type TemplateDefinition } from './types.js';
import { locatedOfType } from './walk.js';

/** The button rules of spec §3.2 and §3.3, for the template's buttons and each card's. */
export function checkButtons(template: TemplateDefinition): Finding[] {
  return locatedOfType(template, 'BUTTONS').flatMap(({ component, path }) => {
    const at = join(path, 'buttons');
    return [...checkSet(component.buttons, at), ...component.buttons.flatMap((b, i) => checkButton(b, join(at, i), template))];
  });
}

function checkSet(buttons: readonly TemplateButton[], at: string): Finding[] {
  const found: Finding[] = [];
  if (buttons.length === 0) found.push(finding('buttons.empty', at, 'Add at least one button, or remove the BUTTONS component.'));
  if (buttons.length > N.buttons) found.push(finding('buttons.too_many', at, `Keep at most ${N.buttons} buttons; there are ${buttons.length}.`));
  for (const type of buttonTypes) {
    const count = buttons.filter((b) => b.type === type).length;
    if (type !== 'QUICK_REPLY' && count > maxButtonsOfType[type]) {
      found.push(finding('buttons.too_many_of_type', at, `Keep at most ${maxButtonsOfType[type]} ${type} button${maxButtonsOfType[type] > 1 ? 's' : ''}; there are ${count}.`));
    }
  }
  // Spec §3.3: quick replies sit together (QR, QR, URL or URL, QR, QR), never split by another button.
  const quick = buttons.flatMap((b, i) => (b.type === 'QUICK_REPLY' ? [i] : []));
  const first = quick[0];
  const last = quick[quick.length - 1];
  if (first !== undefined && last !== undefined && last - first + 1 !== quick.length) {
    found.push(finding('buttons.quick_replies_not_grouped', at, 'Put the quick-reply buttons next to each other, before or after the other buttons.'));
  }
  return found;
}

function checkButton(b: TemplateButton, at: string, template: TemplateDefinition): Finding[] {
  const found: Finding[] = [];
  const textAt = join(at, 'text');
  if (b.text !== undefined) {
    if (b.text.trim() === '') found.push(finding('button.text_missing', textAt, 'Write the button label.'));
    if (charLength(b.text) > L.buttonText) found.push(finding('button.text_too_long', textAt, `Shorten the button label to at most ${L.buttonText} characters.`));
    if (placeholders(b.text).length > 0) found.push(finding('button.text_parameters_not_allowed', textAt, 'Remove the variable from the button label: labels are fixed text.'));
  }
  switch (b.type) {
    case 'URL':
      found.push(...checkUrl(b, at));
      break;
    case 'PHONE_NUMBER':
      if (!/^\+?\d+$/.test(b.phone_number) || charLength(b.phone_number) > L.phoneNumber) {
        const fix = `Give the phone number as digits with its country code (e.g. 15550051310), at most ${L.phoneNumber} characters.`;
        found.push(finding('button.phone_number_invalid', join(at, 'phone_number'), fix));
      }
      break;
    case 'COPY_CODE':
      if (b.example.trim() === '' || /\s/.test(b.example) || charLength(b.example) > L.copyCode) {
        found.push(finding('button.copy_code_example_invalid', join(at, 'example'), `Give an example code of 1 to ${L.copyCode} characters without spaces (e.g. 250FF).`));
      }
      break;
    case 'OTP':
      if (template.category !== 'AUTHENTICATION') {
        found.push(finding('button.otp_outside_authentication', join(at, 'type'), 'Use OTP buttons in AUTHENTICATION templates only, or choose COPY_CODE or URL.'));
      }
      if (b.otp_type !== 'COPY_CODE') found.push(...checkApps(b.supported_apps, at, b.otp_type));
      break;
    case 'FLOW': {
      const targets = [b.flow_id, b.flow_name, b.flow_json].filter((t) => t !== undefined).length;
      if (targets !== 1) found.push(finding('button.flow_target', at, 'Name the flow with exactly one of flow_id, flow_name or flow_json.'));
      break;
    }
    default:
      break;
  }
  return found;
}

/** Spec §3.3: at most 2000 characters, and at most one variable, `{{1}}`, at the very end. */
function checkUrl(b: Extract<TemplateButton, { type: 'URL' }>, at: string): Finding[] {
  const found: Finding[] = [];
  const urlAt = join(at, 'url');
  if (charLength(b.url) > L.url) found.push(finding('button.url_too_long', urlAt, `Shorten the URL to at most ${L.url} characters.`));
  const tokens = placeholders(b.url);
  if (tokens.length > 1 || (tokens.length === 1 && (tokens[0]?.raw !== '{{1}}' || !b.url.endsWith('{{1}}')))) {
    found.push(finding('button.url_variable', urlAt, 'Use at most one variable in the URL, written {{1}} and placed at its very end.'));
  }
  if (!isHttpUrl(b.url.replace(/\{\{[^{}]*\}\}/g, 'x'))) found.push(finding('button.url_invalid', urlAt, 'Give a full http:// or https:// URL.'));
  if (tokens.length > 0) {
    const example = b.example?.[0];
    if (b.example?.length !== 1 || example === undefined || valueProblem(example) !== undefined) {
      found.push(finding('button.url_example_missing', join(at, 'example'), 'Give one example for the URL variable, e.g. ["summer2025"] (no spaces, tabs or line breaks).'));
    }
  }
  return found;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Spec §3.2: one-tap and zero-tap buttons name the Android apps that receive the code. */
function checkApps(apps: Extract<TemplateButton, { type: 'OTP' }>['supported_apps'], at: string, otpType: string): Finding[] {
  const path = join(at, 'supported_apps');
  const valid = (apps ?? []).every((a) => a.package_name.trim() !== '' && a.signature_hash.length === signatureHashLength);
  if (apps !== undefined && apps.length >= 1 && apps.length <= N.supportedApps && valid) return [];
  return [
    finding(
      'button.otp_supported_apps',
      path,
      `List 1 to ${N.supportedApps} apps for the ${otpType} button, each with its package_name and an ${signatureHashLength}-character signature_hash.`,
    ),
  ];
}
