import type { BusinessVerification } from '../accounts/verification.js';
import { ianaTimeZoneFor, metaTimezones } from '../rules/pricing/meta-timezones.js';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { countUsersReachedOutsideWindow } from '../messaging/store.js';
import type { Store } from '../store/database.js';
import type { WabaAccounts } from './accounts.js';
import { metaVerifiedBlockers } from './meta-verified.js';
import { CURRENCIES, type NumbersService } from './service.js';

/** Meta's limit counts reach over a moving 24 hours (spec §6.3). */
const REACH_WINDOW_MS = 24 * 3600 * 1000;
/**
 * The reach count walks the business's messages (no index leads with `created_at`), and every open
 * screen polls: a count is reused for this long of the clock, so a busy business costs one walk per
 * interval per process, not one per poll.
 */
const REACH_REUSE_MS = 15_000;

/** Unique customers a messaging-limit tier allows in 24 hours; `null` for unlimited. */
export function tierCustomers(tier: string): number | null {
  if (tier === 'TIER_UNLIMITED') return null;
  const match = /^TIER_(\d+)(K?)$/.exec(tier);
  if (!match) return 250;
  return Number(match[1]) * (match[2] ? 1000 : 1);
}

/**
 * The console's "Numbers and health" screen in one read: the WABA overview (accounts.ts) with what
 * onboarding shows beside it — each WABA's currency and time zone, each number's display-name review,
 * the portfolio's messaging limit and its use in the last 24 hours, business verification, and
 * whether Meta Verified is open to the business.
 */
export class NumbersScreen {
  readonly #reach = new Map<BusinessId, { at: number; count: number }>();

  constructor(private readonly o: { store: Store; clock: Clock; accounts: WabaAccounts; numbers: NumbersService; verification: BusinessVerification }) {}

  async #reached(businessId: BusinessId): Promise<number> {
    const now = this.o.clock.now();
    const known = this.#reach.get(businessId);
    // A clock moved back (never in production) or on past the interval recounts.
    if (known && now >= known.at && now - known.at < REACH_REUSE_MS) return known.count;
    const count = await countUsersReachedOutsideWindow(this.o.store.db, businessId, now - REACH_WINDOW_MS);
    this.#reach.set(businessId, { at: now, count });
    return count;
  }

  async view(businessId: BusinessId): Promise<Record<string, unknown>> {
    const [overview, wabas, numbers, verification, reached] = await Promise.all([
      this.o.accounts.overview(businessId),
      this.o.numbers.pageWabas(businessId, { limit: 100 }),
      this.o.numbers.listPhoneNumbers(businessId),
      this.o.verification.view(businessId),
      this.#reached(businessId),
    ]);
    // Since October 2025 the limit belongs to the portfolio; every number shows the same tier.
    const tier = numbers.find((n) => n.messagingLimitTier)?.messagingLimitTier ?? 'TIER_250';
    const metaVerified = String(overview.meta_verified);
    const blockers = metaVerifiedBlockers({ verification: verification.status, numbers, status: metaVerified });
    const shown = overview.wabas as { id: string; phone_numbers: { id: string }[] }[];
    return {
      ...overview,
      business_verification: verification,
      meta_verified_eligibility: { eligible: blockers.length === 0, blockers },
      messaging_limit: { tier, customers: tierCustomers(tier), reached_24h: reached },
      wabas: shown.map((w) => {
        const waba = wabas.items.find((x) => x.id === w.id);
        return {
          ...w,
          ...(waba ? { currency: waba.currency, timezone_id: waba.timezoneId, timezone: ianaTimeZoneFor(waba.timezoneId) } : {}),
          phone_numbers: w.phone_numbers.map((p) => {
            const n = numbers.find((x) => x.id === p.id);
            return { ...p, new_display_name: n?.newDisplayName ?? null, new_name_status: n?.newNameStatus ?? null };
          }),
        };
      }),
    };
  }

  /** What the WABA form offers: the currencies chatapp takes and Meta's time zone ids with their names. */
  options(): { currencies: readonly string[]; timezones: readonly { id: string; name: string }[] } {
    return { currencies: CURRENCIES, timezones: metaTimezones().map((t) => ({ id: t.id, name: t.iana })) };
  }
}
