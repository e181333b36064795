import type { WabaHealth } from '../../rules/health.js';

/** A WABA as `GET /{waba-id}?fields=…,health_status` answers it (spec §8, §6.6). */
export interface UpstreamWaba {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone_id: string;
  readonly account_review_status: string;
  readonly business_verification_status: string;
  /** Whether the WABA and each of its numbers can send, and why not. */
  readonly health_status: WabaHealth;
}

/**
 * Business portfolios and WhatsApp Business Accounts on Meta's side: creation (Embedded Signup's
 * part, in the sandbox the simulator's), business verification, Meta Verified, app subscriptions.
 */
export interface AccountsPort {
  /** A business portfolio for a new client; Meta names it. */
  createBusiness(input: { name: string }): Promise<{ id: string }>;
  /** A WABA in the portfolio; its account review's decision comes as `account_review_update`. */
  createWaba(businessId: string, input: { name: string; currency: string; timezoneId: string }): Promise<{ id: string }>;
  getWaba(wabaId: string): Promise<UpstreamWaba | undefined>;
  /** Business verification in Security Center; the decision comes as `account_update` (BUSINESS_VERIFICATION_STATUS_UPDATE). */
  requestVerification(businessId: string, input: { legalName: string }): Promise<void>;
  /** A Meta Verified application for a WABA; the decision comes as `account_update` (META_VERIFIED_STATUS_UPDATE). */
  applyForMetaVerified(wabaId: string): Promise<void>;
  /** `POST /{waba-id}/subscribed_apps`: the app hears of the WABA's webhooks. */
  subscribeApp(wabaId: string): Promise<void>;
}
