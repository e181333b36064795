/**
 * A message template as chatapp holds it after parsing a Graph create payload (spec §3.2).
 * Field names stay Meta's (snake_case, upper-case enums) so the definition can be stored and
 * presented back on `GET …/message_templates` without a translation table.
 */
export const templateCategories = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof templateCategories)[number];

export const parameterFormats = ['POSITIONAL', 'NAMED'] as const;
export type ParameterFormat = (typeof parameterFormats)[number];

/** Header formats of spec §3.2, including the SDK-only GIF and PRODUCT. */
export const headerFormats = ['TEXT', 'IMAGE', 'VIDEO', 'GIF', 'DOCUMENT', 'LOCATION', 'PRODUCT'] as const;
export type HeaderFormat = (typeof headerFormats)[number];
export type MediaHeaderFormat = Extract<HeaderFormat, 'IMAGE' | 'VIDEO' | 'GIF' | 'DOCUMENT'>;
export const mediaHeaderFormats: readonly HeaderFormat[] = ['IMAGE', 'VIDEO', 'GIF', 'DOCUMENT'];

export const buttonTypes = [
  'QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE', 'OTP', 'FLOW', 'CATALOG', 'MPM', 'SPM', 'VOICE_CALL', 'APP',
  'CALL_PERMISSION_REQUEST', 'REQUEST_CONTACT_INFO',
] as const;
export type ButtonType = (typeof buttonTypes)[number];

export const otpTypes = ['COPY_CODE', 'ONE_TAP', 'ZERO_TAP'] as const;
export type OtpType = (typeof otpTypes)[number];

export const flowActions = ['navigate', 'data_exchange'] as const;
export type FlowAction = (typeof flowActions)[number];

/** `{ param_name, example }`, the example of one NAMED parameter. */
export interface NamedExample {
  param_name: string;
  example: string;
}

export interface HeaderComponent {
  type: 'HEADER';
  format: HeaderFormat;
  text?: string;
  example?: { header_text?: string[]; header_text_named_params?: NamedExample[]; header_handle?: string[] };
}

export interface BodyComponent {
  type: 'BODY';
  /** Absent on AUTHENTICATION templates, whose body Meta writes (see authentication.ts). */
  text?: string;
  /** `body_text` is one row of examples wrapped in an array, as Meta writes it: `[["Pablo","860198"]]`. */
  example?: { body_text?: string[][]; body_text_named_params?: NamedExample[] };
  add_security_recommendation?: boolean;
}

export interface FooterComponent {
  type: 'FOOTER';
  text?: string;
  /** AUTHENTICATION only: Meta writes the footer "This code expires in N minutes." */
  code_expiration_minutes?: number;
}

export interface SupportedApp {
  package_name: string;
  signature_hash: string;
}

export type TemplateButton =
  | { type: 'QUICK_REPLY'; text: string }
  | { type: 'URL'; text: string; url: string; example?: string[] }
  | { type: 'PHONE_NUMBER'; text: string; phone_number: string }
  /** The label is Meta's ("Copy offer code"); `example` is the code shown in review. */
  | { type: 'COPY_CODE'; example: string; text?: string }
  | {
      type: 'OTP';
      otp_type: OtpType;
      text?: string;
      autofill_text?: string;
      supported_apps?: SupportedApp[];
      zero_tap_terms_accepted?: boolean;
    }
  | {
      type: 'FLOW';
      text: string;
      flow_id?: string;
      flow_name?: string;
      flow_json?: string;
      flow_action?: FlowAction;
      navigate_screen?: string;
      icon?: string;
    }
  | { type: Exclude<ButtonType, 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP' | 'FLOW'>; text: string };

export interface ButtonsComponent {
  type: 'BUTTONS';
  buttons: TemplateButton[];
}

/** A carousel card carries its own header (media), body and buttons. */
export interface CarouselCard {
  components: CardComponent[];
}
export type CardComponent = HeaderComponent | BodyComponent | ButtonsComponent;

export interface CarouselComponent {
  type: 'CAROUSEL';
  cards: CarouselCard[];
}

export interface LimitedTimeOfferComponent {
  type: 'LIMITED_TIME_OFFER';
  limited_time_offer: { text: string; has_expiration?: boolean };
}

export type TemplateComponent =
  | HeaderComponent
  | BodyComponent
  | FooterComponent
  | ButtonsComponent
  | CarouselComponent
  | LimitedTimeOfferComponent;
export type ComponentType = TemplateComponent['type'];
export const componentTypes: readonly ComponentType[] = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS', 'CAROUSEL', 'LIMITED_TIME_OFFER'];

export interface TemplateDefinition {
  name: string;
  language: string;
  category: TemplateCategory;
  /** POSITIONAL when the payload leaves it out (spec §3.2). */
  parameter_format: ParameterFormat;
  /** In the order the payload gave them: finding paths (`components[2]…`) index into this array. */
  components: TemplateComponent[];
  message_send_ttl_seconds?: number;
  /** Accepted for compatibility; since April 2025 Meta recategorises regardless (spec §3.5). */
  allow_category_change?: boolean;
}

/** What the duplicate check needs to know of a template already on the account. */
export interface ExistingTemplate {
  name: string;
  language: string;
  components: readonly TemplateComponent[];
}

export const findComponent = <T extends ComponentType>(
  components: readonly TemplateComponent[],
  type: T,
): { component: Extract<TemplateComponent, { type: T }>; index: number } | undefined => {
  const index = components.findIndex((c) => c.type === type);
  return index < 0 ? undefined : { component: components[index] as Extract<TemplateComponent, { type: T }>, index };
};
