/**
 * A finding is one reason a template would not pass Meta's review, with Meta's `rejected_reason`
 * (spec §3.4) it maps to. Every rule the model checks is listed here once, so the codes stay
 * stable for API clients and a test can prove each is exercised.
 */
export const rejectedReasons = [
  'ABUSIVE_CONTENT', 'INCORRECT_CATEGORY', 'INVALID_FORMAT', 'PROMOTIONAL', 'SCAM', 'TAG_CONTENT_MISMATCH', 'NONE',
  'CATEGORY_NOT_AVAILABLE',
] as const;
export type RejectedReason = (typeof rejectedReasons)[number];
/** The reasons a rejection can carry: `NONE` is for approvals and pauses, the last one is deprecated. */
export type RejectionReason = Exclude<RejectedReason, 'NONE' | 'CATEGORY_NOT_AVAILABLE'>;

const F = 'INVALID_FORMAT' as const;

export const ruleReasons = {
  // The create payload's shape (parse.ts). Meta answers these synchronously with code 100.
  'payload.not_object': F,
  'payload.missing': F,
  'payload.wrong_type': F,
  'payload.unknown_value': F,
  'name.invalid': F,
  'name.too_long': F,
  'language.invalid': F,
  // Which components a template has (rules-components.ts).
  'components.duplicate': F,
  'components.not_allowed': F,
  'body.missing': F,
  'body.text_missing': F,
  'body.text_too_long': F,
  'header.text_missing': F,
  'header.text_too_long': F,
  'header.too_many_parameters': F,
  'header.media_example_missing': F,
  'header.invalid_characters': F,
  'header.format_not_allowed': F,
  'footer.text_too_long': F,
  'footer.parameters_not_allowed': F,
  'footer.newline': F,
  'carousel.card_count': F,
  'carousel.card_header': F,
  'lto.text_too_long': F,
  'ttl.out_of_range': F,
  // Variables in text (rules-params.ts).
  'text.mismatched_braces': F,
  'text.adjacent_parameters': F,
  'params.special_characters': F,
  'params.invalid_name': F,
  'params.format_mismatch': F,
  'params.mixed_formats': F,
  'params.not_sequential': F,
  'params.repeated': F,
  'params.too_many_total': F,
  'body.dangling_parameter': F,
  'body.too_many_parameters': F,
  // Examples (rules-examples.ts).
  'example.missing': F,
  'example.wrong_format': F,
  'example.count_mismatch': F,
  'example.unknown_name': F,
  'example.invalid_value': F,
  // Buttons (rules-buttons.ts).
  'buttons.empty': F,
  'buttons.too_many': F,
  'buttons.too_many_of_type': F,
  'buttons.quick_replies_not_grouped': F,
  'button.text_missing': F,
  'button.text_too_long': F,
  'button.text_parameters_not_allowed': F,
  'button.url_invalid': F,
  'button.url_too_long': F,
  'button.url_variable': F,
  'button.url_example_missing': F,
  'button.phone_number_invalid': F,
  'button.copy_code_example_invalid': F,
  'button.otp_outside_authentication': F,
  'button.otp_supported_apps': F,
  'button.flow_target': F,
  // Authentication templates (rules-auth.ts).
  'auth.header_not_allowed': F,
  'auth.body_text_not_allowed': F,
  'auth.footer_text_not_allowed': F,
  'auth.otp_button_required': F,
  'auth.button_not_allowed': F,
  'auth.code_expiration_range': F,
  'auth.emoji_or_url': F,
  // Content (rules-content.ts).
  'duplicate.existing_body_footer': F,
  'policy.sensitive_data_request': 'SCAM',
} as const satisfies Record<string, RejectionReason>;

export type RuleCode = keyof typeof ruleReasons;
export const ruleCodes = Object.keys(ruleReasons) as RuleCode[];

export interface Finding {
  /** A stable machine code, e.g. `body.dangling_parameter`. */
  rule: RuleCode;
  /** Meta's `rejected_reason` for a template rejected for this. */
  rejectedReason: RejectionReason;
  /** Where in the create payload, e.g. `components[3].buttons[0].text`. */
  path: string;
  /** A sentence a person can act on, naming the fix. */
  message: string;
}

export const finding = (rule: RuleCode, path: string, message: string): Finding => ({
  rule,
  rejectedReason: ruleReasons[rule],
  path,
  message,
});

/** Paths and lengths are counted as the send validators count them (code points: an emoji is one). */
export { charLength, join } from '../messages/validate-fields.js';
