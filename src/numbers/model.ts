import type { BusinessId, PhoneNumberId, WabaId } from '../core/brand.js';
import { splitCallingCode } from '../core/phone.js';
import type { PhoneNumberStatus, QualityRating, ThroughputLevel } from '../rules/numbers.js';
import { numberHealth, wabaHealth } from '../rules/health.js';

export interface Waba {
  readonly id: WabaId;
  readonly businessId: BusinessId;
  readonly name: string;
  readonly currency: string;
  readonly timezoneId: string;
  readonly accountReviewStatus: 'PENDING' | 'APPROVED' | 'REJECTED';
  readonly messageTemplateNamespace: string;
  readonly createdAt: number;
}


export interface PhoneNumber {
  readonly id: PhoneNumberId;
  readonly businessId: BusinessId;
  readonly wabaId: WabaId;
  /** E.164 digits without `+`. */
  readonly digits: string;
  readonly displayPhoneNumber: string;
  readonly verifiedName: string;
  readonly status: PhoneNumberStatus;
  readonly qualityRating: QualityRating;
  readonly messagingLimitTier: string;
  readonly throughputLevel: ThroughputLevel;
  readonly codeVerificationStatus: 'VERIFIED' | 'NOT_VERIFIED' | 'EXPIRED';
  readonly nameStatus: string;
  readonly platformType: 'CLOUD_API' | 'ON_PREMISE' | 'NOT_APPLICABLE';
  readonly accountMode: 'LIVE' | 'SANDBOX';
  readonly createdAt: number;
  /** A display name the business asked for, under review; `newNameStatus` says how that goes. */
  readonly newDisplayName: string | null;
  readonly newNameStatus: string | null;
  /** When the number was registered or deregistered lately (10 such calls in 72 hours at most). */
  readonly registrationTimes: readonly number[];
  /** The business holds Meta Verified: users see the verified badge. */
  readonly officialBusinessAccount: boolean;
}

/** The business's verification status as Graph spells it on a WABA. */
export type BusinessVerificationStatus = 'not_verified' | 'pending' | 'verified' | 'rejected';

/** A Graph node as presented: every field it has; `fields=` picks from these. */
export type GraphFields = Record<string, unknown>;

export function presentWaba(waba: Waba, business: { verificationStatus: string }, numbers?: readonly PhoneNumber[]): GraphFields {
  return {
    // The WABA's health is its numbers' (known only where they were read).
    ...(numbers ? { health_status: wabaHealth(waba.id, numbers) } : {}),
    id: waba.id,
    name: waba.name,
    currency: waba.currency,
    timezone_id: waba.timezoneId,
    message_template_namespace: waba.messageTemplateNamespace,
    account_review_status: waba.accountReviewStatus,
    business_verification_status: business.verificationStatus,
    ownership_type: 'SELF',
  };
}

export const wabaDefaultFields = ['id', 'name', 'currency', 'timezone_id', 'message_template_namespace'] as const;

/**
 * A phone number node. The messaging-limit field is version-gated as on Meta's side:
 * `messaging_limit_tier` up to v23.0, `whatsapp_business_manager_messaging_limit` from v24.0.
 */
export function presentPhoneNumber(number: PhoneNumber, version: number): GraphFields {
  const { callingCode, country } = splitCallingCode(number.digits);
  const limit = version >= 24 ? { whatsapp_business_manager_messaging_limit: number.messagingLimitTier } : { messaging_limit_tier: number.messagingLimitTier };
  return {
    id: number.id,
    display_phone_number: number.displayPhoneNumber,
    verified_name: number.verifiedName,
    code_verification_status: number.codeVerificationStatus,
    quality_rating: number.qualityRating,
    platform_type: number.platformType,
    throughput: { level: number.throughputLevel },
    status: number.status,
    name_status: number.nameStatus,
    // Known fields without a value are left out of the JSON but may still be asked for.
    new_display_name: number.newDisplayName ?? undefined,
    new_name_status: number.newNameStatus ?? undefined,
    account_mode: number.accountMode,
    is_official_business_account: number.officialBusinessAccount,
    is_on_biz_app: false,
    country_code: country ?? 'UNKNOWN',
    country_dial_code: callingCode,
    search_visibility: 'VISIBLE',
    health_status: { can_send_message: numberHealth(number).can_send_message, entities: [{ entity_type: 'PHONE_NUMBER', id: number.id, ...numberHealth(number) }] },
    ...limit,
  };
}

export const phoneNumberDefaultFields = [
  'verified_name', 'code_verification_status', 'display_phone_number', 'quality_rating', 'platform_type', 'throughput', 'id',
] as const;

export function presentBusiness(business: { id: string; name: string; verificationStatus: string }): GraphFields {
  return { id: business.id, name: business.name, verification_status: business.verificationStatus };
}

export const businessDefaultFields = ['id', 'name'] as const;

/** Meta's namespace is a UUID-like string with underscores; ours derives from the WABA id so it is stable. */
export function templateNamespace(seed: string): string {
  const hex = Buffer.from(seed).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}_${hex.slice(8, 12)}_${hex.slice(12, 16)}_${hex.slice(16, 20)}_${hex.slice(20)}`;
}
