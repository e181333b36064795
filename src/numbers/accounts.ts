import type { BusinessId, WabaId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter } from '../core/graph-errors.js';
import type { Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import type { Upstream, UpstreamChange } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import { registeredStatuses } from '../rules/numbers.js';
import { wabaHealth } from '../rules/health.js';
import { metaVerifiedBlockers } from './meta-verified.js';
import { presentWaba } from './model.js';
import type { NumbersService } from './service.js';
import { numberBacklogs } from '../messaging/store.js';
import * as sql from './store.js';

/**
 * WhatsApp Business Accounts as a business applies for them (account review PENDING, then APPROVED
 * or REJECTED by Meta's side, `account_review_update`), Meta Verified (only for a verified business
 * with a WABA and a registered number; the badge shows on its numbers), and the console's overview
 * of where each account and number stands.
 */
export class WabaAccounts {
  constructor(
    private readonly o: { store: Store; clock: Clock; committer: GroupCommitter; numbers: NumbersService; webhooks: WebhooksService; upstream: Pick<Upstream, 'applyForMetaVerified'>; businessStatus: (id: BusinessId) => Promise<string> },
  ) {}

  /** Applies for a WABA; answers it as Graph presents it, account review PENDING. */
  async createWaba(businessId: BusinessId, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const waba = await this.o.numbers.createWaba({
      businessId,
      name: String(body.name ?? ''),
      ...(typeof body.currency === 'string' ? { currency: body.currency } : {}),
      ...(body.timezone_id !== undefined ? { timezoneId: String(body.timezone_id) } : {}),
    });
    return presentWaba(waba, { verificationStatus: await this.o.businessStatus(businessId) }, []);
  }

  /** `account_review_update` from Meta's side: applied to the WABA, posted to its subscribed apps. */
  async applyReview(change: UpstreamChange): Promise<void> {
    const decision = change.value.decision;
    const waba = await this.o.numbers.platformWaba(change.wabaId);
    if (!waba || (decision !== 'APPROVED' && decision !== 'REJECTED')) return;
    const routes = await this.o.webhooks.routesFor(waba.businessId, waba.id);
    await this.o.committer.submit(async (trx) => {
      if (!(await sql.setAccountReview(trx, waba.id, decision))) return;
      await this.o.webhooks.publish(trx, { routes, businessId: waba.businessId, wabaId: waba.id, field: change.field, value: change.value });
    });
    this.o.numbers.forget(waba.id);
  }

  async applyForMetaVerified(businessId: BusinessId): Promise<{ status: string }> {
    const numbers = await this.o.numbers.listPhoneNumbers(businessId);
    const current = await sql.findMetaVerified(this.o.store.db, businessId);
    const [blocker] = metaVerifiedBlockers({ verification: await this.o.businessStatus(businessId), numbers, status: current?.status ?? 'none' });
    if (blocker) throw invalidParameter(blocker);
    const now = this.o.clock.now();
    const registered = numbers.find((n) => registeredStatuses.includes(n.status))!;
    await sql.saveMetaVerified(this.o.store.db, businessId, { status: 'pending', appliedAt: now, decidedAt: null });
    await this.o.upstream.applyForMetaVerified(registered.wabaId);
    return { status: 'pending' };
  }

  /** The decision on Meta Verified (an `account_update` chatapp applies and does not forward). */
  async applyMetaVerified(change: UpstreamChange): Promise<void> {
    const waba = await this.o.numbers.platformWaba(change.wabaId);
    if (!waba || change.value.meta_verified_status !== 'granted') return;
    await sql.saveMetaVerified(this.o.store.db, waba.businessId, { status: 'granted', appliedAt: (await sql.findMetaVerified(this.o.store.db, waba.businessId))?.appliedAt ?? this.o.clock.now(), decidedAt: this.o.clock.now() });
    for (const id of await sql.setOfficial(this.o.store.db, waba.businessId, true)) this.o.numbers.forget(id);
  }

  /** The console's overview: each WABA with its review, health and numbers' standing, and Meta Verified. */
  async overview(businessId: BusinessId): Promise<Record<string, unknown>> {
    const [wabas, numbers, metaVerified, backlogs] = await Promise.all([
      this.o.numbers.pageWabas(businessId, { limit: 100 }),
      this.o.numbers.listPhoneNumbers(businessId),
      sql.findMetaVerified(this.o.store.db, businessId),
      numberBacklogs(this.o.store.db, this.o.clock.now()),
    ]);
    return {
      meta_verified: metaVerified?.status ?? 'not_applied',
      wabas: wabas.items.map((w) => {
        const own = numbers.filter((n) => n.wabaId === (w.id as WabaId));
        return {
          id: w.id,
          name: w.name,
          account_review_status: w.accountReviewStatus,
          health_status: wabaHealth(w.id, own),
          phone_numbers: own.map((n) => ({
            id: n.id,
            display_phone_number: n.displayPhoneNumber,
            verified_name: n.verifiedName,
            status: n.status,
            name_status: n.nameStatus,
            code_verification_status: n.codeVerificationStatus,
            quality_rating: n.qualityRating,
            messaging_limit: n.messagingLimitTier,
            throughput: n.throughputLevel,
            // Paced sends still waiting for their slot, in seconds of the number's schedule.
            backlog_seconds: Math.round((backlogs.find((b) => b.phoneNumberId === n.id)?.aheadMs ?? 0) / 1000),
            is_official_business_account: n.officialBusinessAccount,
          })),
        };
      }),
    };
  }
}
