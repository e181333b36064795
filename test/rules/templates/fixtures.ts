import { lintTemplate, parseTemplateCreate, type ExistingTemplate, type Finding, type TemplateDefinition } from '../../../src/rules/templates/index.js';

/** Builders of Graph create payloads (spec §3.2), valid unless a test changes them. */
export type Payload = Record<string, unknown>;

export const BODY_TEXT = 'Hello {{1}}, your order {{2}} has shipped and will arrive soon.';
/** `null` leaves the example out. */
export const body = (text: string = BODY_TEXT, example: string[] | null = ['Ann', 'A-100']): Payload => ({
  type: 'BODY',
  text,
  ...(example ? { example: { body_text: [example] } } : {}),
});
export const namedBody = (text: string, examples: Record<string, string>): Payload => ({
  type: 'BODY',
  text,
  example: { body_text_named_params: Object.entries(examples).map(([param_name, example]) => ({ param_name, example })) },
});
export const textHeader = (text: string, example?: string[]): Payload => ({ type: 'HEADER', format: 'TEXT', text, ...(example ? { example: { header_text: example } } : {}) });
export const mediaHeader = (format = 'IMAGE', handle: string | null = '4::aW1hZ2U='): Payload => ({
  type: 'HEADER',
  format,
  ...(handle !== null ? { example: { header_handle: [handle] } } : {}),
});
export const footer = (text = 'Lucky Shrub'): Payload => ({ type: 'FOOTER', text });
export const buttons = (...list: Payload[]): Payload => ({ type: 'BUTTONS', buttons: list });
export const quickReply = (text = 'Stop updates'): Payload => ({ type: 'QUICK_REPLY', text });
export const urlButton = (url = 'https://shop.example/track/{{1}}', example: unknown = ['A-100']): Payload => ({
  type: 'URL',
  text: 'Track order',
  url,
  ...(example !== null ? { example } : {}),
});
export const phoneButton = (phone = '15550051310'): Payload => ({ type: 'PHONE_NUMBER', text: 'Call us', phone_number: phone });
export const otpButton = (fields: Payload = {}): Payload => ({ type: 'OTP', otp_type: 'COPY_CODE', text: 'Copy code', ...fields });
export const card = (...components: Payload[]): Payload => ({
  components: components.length > 0 ? components : [mediaHeader(), body('Fresh tomatoes from our own farm.', null), buttons(quickReply('More'))],
});

export const template = (fields: Payload, ...components: Payload[]): Payload => ({
  name: 'order_update',
  language: 'en_US',
  category: 'UTILITY',
  components: components.length > 0 ? components : [body()],
  ...fields,
});
export const utility = (...components: Payload[]): Payload => template({}, ...components);
export const marketing = (...components: Payload[]): Payload => template({ name: 'summer_news', category: 'MARKETING' }, ...components);
export const named = (...components: Payload[]): Payload => template({ parameter_format: 'NAMED' }, ...components);
export const authentication = (...components: Payload[]): Payload =>
  template(
    { name: 'login_code', category: 'AUTHENTICATION' },
    ...(components.length > 0
      ? components
      : [{ type: 'BODY', add_security_recommendation: true }, { type: 'FOOTER', code_expiration_minutes: 10 }, buttons(otpButton())]),
  );

/** Parses a payload that must be valid. */
export function definition(payload: Payload): TemplateDefinition {
  const parsed = parseTemplateCreate(payload);
  if (!('template' in parsed)) throw new Error(`fixture does not parse: ${JSON.stringify(parsed.findings)}`);
  return parsed.template;
}

/** What the create endpoint would report: the shape problems, or else every review finding. */
export function findingsOf(payload: unknown, existing: readonly ExistingTemplate[] = []): Finding[] {
  const parsed = parseTemplateCreate(payload);
  return 'template' in parsed ? lintTemplate(parsed.template, { existing }) : parsed.findings;
}
export const rulesOf = (payload: unknown, existing: readonly ExistingTemplate[] = []): string[] => findingsOf(payload, existing).map((f) => f.rule);

/** A failing payload that must raise the rule, and a fixed one that must pass review entirely. */
export interface RuleCase {
  fail: unknown;
  pass: unknown;
  existing?: readonly ExistingTemplate[];
}

/** A case table as `[rule, case]` rows for `it.each`. */
export const caseRows = (cases: Readonly<Record<string, RuleCase>>): [string, RuleCase][] => Object.entries(cases);
