import type { ButtonType, TemplateCategory } from './types.js';

/** The limits of spec §3.3 (and §1.3 for sends), in characters (code points). */
export const templateTextLimits = {
  headerText: 60,
  bodyText: 1024,
  footerText: 60,
  buttonText: 25,
  url: 2000,
  phoneNumber: 20,
  /** COPY_CODE example (spec §3.2). */
  copyCode: 15,
  /** LIMITED_TIME_OFFER text (spec §3.2). */
  offerText: 16,
  /** A text parameter of a send (spec §1.3) … */
  parameterText: 1024,
  /** … unless the template has nothing but a body. */
  bodyOnlyParameterText: 32_768,
  /** An authentication code (spec §3.2: "params ≤15 chars"). */
  authenticationCode: 15,
} as const;

export const templateCountLimits = {
  buttons: 10,
  /** Carousel cards (spec §1.3). */
  cards: 10,
  /** ONE_TAP / ZERO_TAP apps: Meta's documentation allows up to five (not in the spec; assumed). */
  supportedApps: 5,
} as const;

/** The Android app signature hash of a ONE_TAP / ZERO_TAP button (spec §3.2). */
export const signatureHashLength = 11;

/**
 * How many buttons of a type one template may carry. URL, PHONE_NUMBER and COPY_CODE are spec
 * §3.3; OTP is "one OTP button" (§3.2); quick replies are bounded by the total. The flow, catalog,
 * call and app buttons each start one action of the template and are held to one, an assumption.
 */
export const maxButtonsOfType: Record<ButtonType, number> = {
  QUICK_REPLY: 10,
  URL: 2,
  PHONE_NUMBER: 1,
  COPY_CODE: 1,
  OTP: 1,
  FLOW: 1,
  CATALOG: 1,
  MPM: 1,
  SPM: 1,
  VOICE_CALL: 1,
  APP: 1,
  CALL_PERMISSION_REQUEST: 1,
  REQUEST_CONTACT_INFO: 1,
};

/** `message_send_ttl_seconds` ranges per category (spec §3.6); -1 means 30 days where allowed. */
export const ttlRange: Record<TemplateCategory, { min: number; max: number; unlimited: boolean }> = {
  AUTHENTICATION: { min: 30, max: 900, unlimited: true },
  UTILITY: { min: 30, max: 43_200, unlimited: true },
  MARKETING: { min: 43_200, max: 2_592_000, unlimited: false },
};

/** `code_expiration_minutes` of an authentication footer (spec §3.2). */
export const codeExpirationMinutes = { min: 1, max: 90 } as const;
