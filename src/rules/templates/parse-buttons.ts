import type { Json, Reader } from './parse-reader.js';
import { buttonTypes, flowActions, otpTypes, type SupportedApp, type TemplateButton } from './types.js';

/**
 * One entry of a BUTTONS component (spec §3.2). Only the shape is read here; limits and counts
 * are review rules (rules-buttons.ts). Returns undefined when the button cannot be read at all.
 */
export function parseButton(r: Reader, button: Json, at: string): TemplateButton | undefined {
  const type = r.oneOf(button, 'type', at, buttonTypes, true);
  if (type === undefined) return undefined;
  const text = (required: boolean) => r.string(button, 'text', at, required);
  switch (type) {
    case 'QUICK_REPLY':
      return withText(type, text(true));
    case 'URL': {
      const label = text(true);
      const url = r.string(button, 'url', at, true);
      const example = urlExample(r, button, at);
      if (label === undefined || url === undefined) return undefined;
      return { type, text: label, url, ...(example ? { example } : {}) };
    }
    case 'PHONE_NUMBER': {
      const label = text(true);
      const phone = r.string(button, 'phone_number', at, true);
      return label === undefined || phone === undefined ? undefined : { type, text: label, phone_number: phone };
    }
    case 'COPY_CODE': {
      const label = text(false);
      const example = r.string(button, 'example', at, true);
      return example === undefined ? undefined : { type, example, ...(label !== undefined ? { text: label } : {}) };
    }
    case 'OTP':
      return parseOtp(r, button, at);
    case 'FLOW': {
      const label = text(true);
      const fields = {
        flow_id: r.id(button, 'flow_id', at),
        flow_name: r.string(button, 'flow_name', at),
        flow_json: r.string(button, 'flow_json', at),
        flow_action: r.oneOf(button, 'flow_action', at, flowActions),
        navigate_screen: r.string(button, 'navigate_screen', at),
        icon: r.string(button, 'icon', at),
      };
      return label === undefined ? undefined : { type, text: label, ...defined(fields) };
    }
    default:
      return withText(type, text(true));
  }
}

type LabelOnly = Exclude<Extract<TemplateButton, { text: string }>['type'], 'URL' | 'PHONE_NUMBER' | 'FLOW'>;
const withText = (type: LabelOnly, text: string | undefined): TemplateButton | undefined => (text === undefined ? undefined : { type, text });

/** Meta documents `example` as an array of one string; a bare string is read as that array. */
function urlExample(r: Reader, button: Json, at: string): string[] | undefined {
  return typeof button.example === 'string' ? [button.example] : r.strings(button, 'example', at);
}

function parseOtp(r: Reader, button: Json, at: string): TemplateButton | undefined {
  const otpType = r.oneOf(button, 'otp_type', at, otpTypes, true);
  const fields = {
    text: r.string(button, 'text', at),
    autofill_text: r.string(button, 'autofill_text', at),
    zero_tap_terms_accepted: r.boolean(button, 'zero_tap_terms_accepted', at),
    supported_apps: supportedApps(r, button, at),
  };
  return otpType === undefined ? undefined : { type: 'OTP', otp_type: otpType, ...defined(fields) };
}

/**
 * `supported_apps: [{package_name, signature_hash}]`; the older payload put one app's
 * `package_name` and `signature_hash` on the button itself, which is read as a list of one.
 */
function supportedApps(r: Reader, button: Json, at: string): SupportedApp[] | undefined {
  const listed = r.objects(button, 'supported_apps', at);
  const entries = listed ?? (button.package_name !== undefined || button.signature_hash !== undefined ? [{ item: button, path: at }] : undefined);
  return entries?.flatMap(({ item, path }) => {
    const packageName = r.string(item, 'package_name', path, true);
    const signatureHash = r.string(item, 'signature_hash', path, true);
    return packageName === undefined || signatureHash === undefined ? [] : [{ package_name: packageName, signature_hash: signatureHash }];
  });
}

/** Drops the keys whose value is undefined, so the definition holds only what was given. */
export function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
