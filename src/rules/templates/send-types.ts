import type { GraphErrorName } from '../../core/graph-errors.js';
import type { buttonSubTypes, TemplateComponentType, TemplateParameterType } from '../messages/validate-template.js';
import type { ButtonType } from './types.js';

/**
 * A template send's components (spec §1.3) as `validateTemplate` leaves them: shape checked, type
 * and sub_type lower-cased, `index` a string "0"–"9", coordinates numbers.
 */
export type ButtonSubType = (typeof buttonSubTypes)[number];

export interface SendMedia {
  id?: string;
  link?: string;
  filename?: string;
}

export interface SendParameter {
  type: TemplateParameterType;
  parameter_name?: string;
  text?: string;
  payload?: string;
  coupon_code?: string;
  currency?: { fallback_value: string; code: string; amount_1000: number };
  date_time?: { fallback_value: string };
  image?: SendMedia;
  video?: SendMedia;
  document?: SendMedia;
  location?: { latitude: number | string; longitude: number | string; name?: string; address?: string };
  action?: Record<string, unknown>;
  product?: { catalog_id?: string; product_retailer_id?: string };
  limited_time_offer?: { expiration_time_ms?: number };
}

export interface SendCard {
  card_index: number;
  components?: SendComponent[];
}

export interface SendComponent {
  type: TemplateComponentType;
  sub_type?: ButtonSubType;
  index?: string;
  parameters?: SendParameter[];
  cards?: SendCard[];
}

/**
 * The one place the validated JSON is read as typed components: `validateTemplate` (messaging)
 * has checked every field this type names, so the cast states what it guaranteed.
 */
export function asSendComponents(validated: unknown): SendComponent[] {
  return Array.isArray(validated) ? (validated as SendComponent[]) : [];
}

/** What the user's phone shows, parameters filled in. */
export type RenderedHeader =
  | { type: 'text'; text: string }
  | { type: 'image' | 'video' | 'document'; id?: string; link?: string; filename?: string }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'product'; catalogId?: string; productRetailerId?: string };

export interface RenderedButton {
  type: ButtonType;
  text: string;
  /** Quick reply: what the business asked to receive when tapped; absent → Meta sends the label. */
  payload?: string;
  /** URL buttons: the full URL, the variable's suffix appended. */
  url?: string;
  phoneNumber?: string;
  /** COPY_CODE: the coupon; OTP: the one-time code. */
  code?: string;
  /** Flow, catalog and multi-product buttons: the action the send attached. */
  action?: Readonly<Record<string, unknown>>;
}

export interface RenderedCard {
  header?: RenderedHeader;
  body?: string;
  buttons: RenderedButton[];
}

export interface Rendered {
  header?: RenderedHeader;
  body: string;
  footer?: string;
  buttons: RenderedButton[];
  cards?: RenderedCard[];
  limitedTimeOffer?: { text: string; expirationTimeMs?: number };
}

export type SendCheck = { rendered: Rendered } | { error: GraphErrorName; details: string };

/** Thrown inside the send checks and turned into a `SendCheck` at the top: the first problem wins, as with Meta. */
export class SendRefusal extends Error {
  constructor(
    readonly error: GraphErrorName,
    readonly details: string,
  ) {
    super(details);
  }
}
