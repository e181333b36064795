/** A phone number as `GET /{phone-number-id}` answers it (spec §8), the fields chatapp mirrors. */
export interface UpstreamPhoneNumber {
  readonly id: string;
  readonly display_phone_number: string;
  readonly verified_name: string;
  readonly name_status: string;
  readonly code_verification_status: string;
  readonly status: string;
  readonly quality_rating: string;
  readonly platform_type: string;
  readonly throughput: { readonly level: string };
  readonly messaging_limit_tier?: string;
  readonly is_official_business_account: boolean;
}

/** A phone number's life on Meta's side (spec §8.1): codes, registration, PIN, display name, profile. */
export interface NumbersPort {
  /** `POST /{waba-id}/phone_numbers {cc, phone_number, verified_name}`: Meta names the number; its display name goes to review. */
  addPhoneNumber(wabaId: string, input: { cc: string; phoneNumber: string; verifiedName: string }): Promise<{ id: string }>;
  /** `POST /{id}/request_code {code_method, language}`. */
  requestCode(phoneNumberId: string, input: { method: 'SMS' | 'VOICE'; language: string }): Promise<void>;
  /** `POST /{id}/verify_code {code}`: refused with 136025 when wrong, expired or used up. */
  verifyCode(phoneNumberId: string, code: string): Promise<void>;
  /** `POST /{id}/register {pin}`: the first PIN sets two-step verification; later ones must match. */
  register(phoneNumberId: string, pin: string): Promise<void>;
  /** `POST /{id}/deregister`. */
  deregister(phoneNumberId: string): Promise<void>;
  /** `POST /{id} {pin}`: changes the two-step PIN. */
  setPin(phoneNumberId: string, pin: string): Promise<void>;
  /** `POST /{id} {new_display_name}`: the name goes to review; the decision comes as `phone_number_name_update`. */
  requestDisplayName(phoneNumberId: string, name: string): Promise<void>;
  /** `POST /{id}/whatsapp_business_profile`: what users see in the chat header. */
  setProfile(phoneNumberId: string, profile: Record<string, unknown>): Promise<void>;
  /** `GET /{id}/whatsapp_business_profile`. */
  getProfile(phoneNumberId: string): Promise<Record<string, unknown> | undefined>;
  /** `GET /{id}`; undefined for a number Meta does not know. */
  getPhoneNumber(phoneNumberId: string): Promise<UpstreamPhoneNumber | undefined>;
  /** `GET /{waba-id}/phone_numbers`: every number of the WABA, oldest first. */
  listPhoneNumbers(wabaId: string): Promise<UpstreamPhoneNumber[]>;
}
