import type { TemplateParameterType } from '../messages/validate-template.js';
import { charLength } from './findings.js';
import { templateTextLimits as L } from './limits.js';
import { placeholders } from './placeholders.js';
import { checkParamText, countMismatch } from './send-params.js';
import { SendRefusal, type ButtonSubType, type RenderedButton, type SendComponent, type SendParameter } from './send-types.js';
import type { TemplateButton } from './types.js';

interface ButtonSpec {
  /** The send `sub_type` that addresses this button; none for buttons a send cannot touch. */
  subType?: ButtonSubType;
  /** The one parameter it takes, if any, and whether every send must give it. */
  parameter?: TemplateParameterType;
  required?: boolean;
}

/**
 * How a send addresses each button (spec §1.3): a quick reply may set its payload, a URL with a
 * variable needs the suffix, a coupon its code, an OTP button (sent as `url`) the code; flows,
 * catalogs and multi-product buttons carry an action (required for MPM, which lists the products).
 */
function specOf(b: TemplateButton): ButtonSpec {
  switch (b.type) {
    case 'QUICK_REPLY':
      return { subType: 'quick_reply', parameter: 'payload' };
    case 'URL':
      return placeholders(b.url).length > 0 ? { subType: 'url', parameter: 'text', required: true } : { subType: 'url' };
    case 'OTP':
      return { subType: 'url', parameter: 'text', required: true };
    case 'COPY_CODE':
      return { subType: 'copy_code', parameter: 'coupon_code', required: true };
    case 'FLOW':
      return { subType: 'flow', parameter: 'action' };
    case 'CATALOG':
      return { subType: 'catalog', parameter: 'action' };
    case 'MPM':
      return { subType: 'mpm', parameter: 'action', required: true };
    case 'VOICE_CALL':
      return { subType: 'voice_call' };
    default:
      return {};
  }
}

/** `prefix` is '' or `card 0 `, so details read "button at index 1" or "card 0 button at index 1". */
export function renderButtons(buttons: readonly TemplateButton[], sends: ReadonlyMap<number, SendComponent>, prefix: string): RenderedButton[] {
  for (const [index, send] of [...sends].sort(([a], [b]) => a - b)) {
    const part = `${prefix}button at index ${index}`;
    const b = buttons[index];
    if (b === undefined) throw new SendRefusal('templateParamCount', `${part}: the template has no button there (it has ${buttons.length})`);
    const spec = specOf(b);
    if (spec.subType !== send.sub_type) {
      const expected = spec.subType === undefined ? ', which takes no parameters; remove this component' : ` (sub_type ${spec.subType}), not ${send.sub_type ?? 'none'}`;
      throw new SendRefusal('templateParamFormat', `${part}: the template's button there is ${b.type}${expected}`);
    }
  }
  return buttons.map((b, index) => renderButton(b, sends.get(index)?.parameters ?? [], `${prefix}button at index ${index}`));
}

function renderButton(b: TemplateButton, params: readonly SendParameter[], part: string): RenderedButton {
  const spec = specOf(b);
  const max = spec.parameter === undefined ? 0 : 1;
  if (params.length > max || (spec.required === true && params.length === 0)) throw countMismatch(part, params.length, max);
  const p = params[0];
  if (p !== undefined && p.type !== spec.parameter) {
    throw new SendRefusal('templateParamFormat', `${part}: parameter 1 has type ${p.type}; expected ${spec.parameter ?? 'none'}`);
  }
  switch (b.type) {
    case 'QUICK_REPLY':
      return { type: b.type, text: b.text, ...(p?.payload !== undefined ? { payload: p.payload } : {}) };
    case 'URL': {
      if (p === undefined) return { type: b.type, text: b.text, url: b.url };
      const suffix = p.text ?? '';
      checkParamText(suffix, part);
      const url = b.url.replace('{{1}}', suffix);
      if (charLength(url) > L.url) throw new SendRefusal('templateTextTooLong', `${part}: the URL is ${charLength(url)} characters once filled; at most ${L.url}`);
      return { type: b.type, text: b.text, url };
    }
    case 'PHONE_NUMBER':
      return { type: b.type, text: b.text, phoneNumber: b.phone_number };
    case 'COPY_CODE':
      return { type: b.type, text: b.text ?? 'Copy offer code', code: shortCode(p?.coupon_code ?? '', part, 'coupon_code', L.copyCode) };
    case 'OTP': {
      const code = p?.text ?? '';
      checkParamText(code, part);
      return { type: b.type, text: b.text ?? 'Copy code', code: shortCode(code, part, 'code', L.authenticationCode) };
    }
    default:
      return { type: b.type, text: b.text, ...(p?.action !== undefined ? { action: p.action } : {}) };
  }
}

/** Coupon and one-time codes are short by design (spec §3.2: ≤15); a longer one is not a valid value (131009). */
export function shortCode(code: string, part: string, what: string, max: number): string {
  if (charLength(code) > max) throw new SendRefusal('parameterValueInvalid', `${part}: the ${what} is ${charLength(code)} characters; at most ${max}`);
  return code;
}
