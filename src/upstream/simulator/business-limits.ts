import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { GraphErrorName } from '../../core/graph-errors.js';
import { newGraphId } from '../../core/ids.js';
import type { Executor, Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { UpstreamSink } from '../types.js';
import type { SimDirectory } from './directory.js';
import * as directorySql from './directory-store.js';
import { asTier, earnsScaling, earnsThroughputUpgrade, nextTier, REACH_WINDOW_MS, SCALING_DELAY_MS, SCALING_WINDOW_MS, THROUGHPUT_UPGRADE_MS, tierLimit, type Tier } from './limits.js';
import { simulatorJob } from './jobs.js';

const upgrade = simulatorJob('sim.limit_upgrade', Type.Object({ businessId: Type.String(), to: Type.String() }));

const throughputUpgrade = simulatorJob('sim.throughput_upgrade', Type.Object({ phoneNumberId: Type.String() }));

const verificationReview = simulatorJob('sim.business_verification', Type.Object({ businessId: Type.String(), legalName: Type.String() }));

/** A legal name containing this marker is rejected by the simulated verification review (README). */
export const REJECT_VERIFICATION_MARKER = '[[reject]]';

/**
 * The portfolio-level messaging limit and business verification on the simulated platform. A
 * business-initiated message to a user outside their window counts that user once per moving 24
 * hours; past the tier's limit such messages fail. Verification (reviewed on the clock) opens the
 * 2K scaling path; above it, tiers rise by themselves (limits.ts). Changes reach chatapp through
 * the sink as Meta reports them: `business_capability_update` per WABA.
 */
export class SimulatedBusinessLimits {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #directory: SimDirectory;
  readonly #reviewMs: number;
  readonly #throughputUsers: number;
  /** Numbers in their minute of throughput upgrade, until when (hand-overs meanwhile get 131057). */
  readonly #upgrading = new Map<string, number>();
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock; directory: SimDirectory; reviewMs: number; throughputUsers: number }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#directory = options.directory;
    this.#reviewMs = options.reviewMs;
    this.#throughputUsers = options.throughputUsers;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(upgrade, (p) => this.#upgrade(p.businessId, asTier(p.to)));
    runner.register(verificationReview, (p) => this.#reviewVerification(p.businessId, p.legalName));
    runner.register(throughputUpgrade, (p) => this.#finishThroughputUpgrade(p.phoneNumberId));
  }

  /**
   * Counts a business-initiated message to a user outside their window (in the hand-over's
   * transaction), or says why it fails: the portfolio reached its limit of unique users.
   */
  async reach(trx: Executor, input: { businessId: string; phoneNumberId: string; waId: string; now: number }): Promise<{ error: GraphErrorName; details: string } | undefined> {
    const tier = await this.#tier(trx, input.businessId);
    const since = input.now - REACH_WINDOW_MS;
    const already = await trx.selectFrom('sim_reach').select('id').where('business_id', '=', input.businessId).where('wa_id', '=', input.waId).where('at', '>', since).executeTakeFirst();
    if (!already) {
      const reached = await this.#uniqueUsers(trx, input.businessId, since);
      if (reached >= tierLimit[tier]) {
        return {
          error: 'spamRateLimit',
          details: `Messaging limit reached: this business portfolio (${tier}) may reach ${tierLimit[tier]} unique users outside a customer service window in a moving 24 hours`,
        };
      }
    }
    await trx.insertInto('sim_reach').values({ id: newGraphId(this.#clock), business_id: input.businessId, phone_number_id: input.phoneNumberId, wa_id: input.waId, at: input.now }).execute();
    return undefined;
  }

  /** After a reach: a portfolio that earned the next tier gets it 6 hours later (once scheduled). */
  async considerScaling(businessId: string): Promise<void> {
    const now = this.#clock.now();
    const row = await this.#store.db.selectFrom('sim_business_limits').selectAll().where('business_id', '=', businessId).executeTakeFirst();
    const tier = asTier(row?.tier);
    const to = nextTier(tier);
    // The 2K tier comes by a scaling path (verification), not by itself; an upgrade may be on its way.
    if (!to || tier === 'TIER_250' || (row?.upgrade_due_at ?? 0) > now) return;
    const numbers = await this.#directory.numbersOf(businessId);
    const qualityOk = numbers.every((n) => n.qualityRating === 'GREEN' || n.qualityRating === 'UNKNOWN');
    if (!earnsScaling({ tier, reachedIn7Days: await this.#uniqueUsers(this.#store.db, businessId, now - SCALING_WINDOW_MS), qualityOk })) return;
    await this.#store.transaction(async (trx) => {
      await this.#setTier(trx, businessId, tier, now + SCALING_DELAY_MS);
      await enqueue(trx, { clock: this.#clock, definition: upgrade, payload: { businessId, to }, runAt: now + SCALING_DELAY_MS });
    });
  }

  /** Whether a number is in its minute of throughput upgrade: Meta answers 131057 meanwhile (spec §6.4). */
  upgrading(phoneNumberId: string): boolean {
    const until = this.#upgrading.get(phoneNumberId);
    if (until === undefined) return false;
    if (until > this.#clock.now()) return true;
    this.#upgrading.delete(phoneNumberId);
    return false;
  }

  /** After a reach from a number: one that earned 1,000 messages a second is upgraded within a minute. */
  async considerThroughput(phoneNumberId: string): Promise<void> {
    const number = await this.#directory.number(phoneNumberId);
    if (!number || number.throughputLevel !== 'STANDARD' || this.#upgrading.has(phoneNumberId)) return;
    const tier = await this.#tier(this.#store.db, number.businessId);
    if (tier !== 'TIER_UNLIMITED') return;
    const now = this.#clock.now();
    const row = await this.#store.db
      .selectFrom('sim_reach')
      .select((eb) => eb.fn.count<number | string>('wa_id').distinct().as('n'))
      .where('phone_number_id', '=', phoneNumberId)
      .where('at', '>', now - REACH_WINDOW_MS)
      .executeTakeFirstOrThrow();
    const earned = earnsThroughputUpgrade({ tier, level: number.throughputLevel, reachedIn24h: Number(row.n), usersNeeded: this.#throughputUsers, quality: number.qualityRating });
    if (!earned) return;
    this.#upgrading.set(phoneNumberId, now + THROUGHPUT_UPGRADE_MS);
    await enqueue(this.#store.db, { clock: this.#clock, definition: throughputUpgrade, payload: { phoneNumberId }, runAt: now + THROUGHPUT_UPGRADE_MS });
  }

  async #finishThroughputUpgrade(phoneNumberId: string): Promise<void> {
    this.#upgrading.delete(phoneNumberId);
    const number = await this.#directory.number(phoneNumberId);
    if (!number || number.throughputLevel === 'HIGH') return;
    await this.setThroughput(phoneNumberId, 'HIGH');
  }

  /**
   * A number's throughput on Meta's record: HIGH is the upgrade to 1,000 messages a second, told as
   * `phone_number_quality_update` THROUGHPUT_UPGRADE; STANDARD (80) goes back, which Meta never
   * announces (chatapp's own THROUGHPUT_DOWNGRADE, applied but not forwarded).
   */
  async setThroughput(phoneNumberId: string, level: 'HIGH' | 'STANDARD'): Promise<void> {
    const number = await this.#directory.updateNumber(phoneNumberId, (n) => ({ ...n, throughputLevel: level }));
    if (!number || !this.#sink) return;
    const tier = await this.#tier(this.#store.db, number.businessId);
    await this.#sink.receive({
      wabaId: number.wabaId,
      field: 'phone_number_quality_update',
      value: { display_phone_number: number.digits, event: level === 'HIGH' ? 'THROUGHPUT_UPGRADE' : 'THROUGHPUT_DOWNGRADE', max_daily_conversations_per_business: tier },
    });
  }

  /** The sandbox sets a portfolio's tier outright (announced as Meta announces a new limit). */
  async setTier(businessId: string, tier: Tier): Promise<void> {
    await this.#upgrade(businessId, tier);
  }

  /** A business submitted its verification: decided `reviewMs` of clock later. */
  async submitVerification(input: { businessId: string; legalName: string; submittedAt: number }): Promise<void> {
    await directorySql.setVerificationStatus(this.#store.db, input.businessId, 'pending');
    await enqueue(this.#store.db, { clock: this.#clock, definition: verificationReview, payload: { businessId: input.businessId, legalName: input.legalName }, runAt: input.submittedAt + this.#reviewMs });
  }

  async #reviewVerification(businessId: string, legalName: string): Promise<void> {
    const rejected = legalName.toLowerCase().includes(REJECT_VERIFICATION_MARKER);
    await directorySql.setVerificationStatus(this.#store.db, businessId, rejected ? 'rejected' : 'verified');
    await this.#tell(businessId, 'account_update', {
      event: 'BUSINESS_VERIFICATION_STATUS_UPDATE',
      business_verification_status: rejected ? 'rejected' : 'verified',
      ...(rejected ? { rejection_reason: 'The documents do not show the legal name and address given; submit a business licence that does.' } : {}),
    });
    // Verification is a scaling path to 2K (spec §6.3); the quality review passes when every number is in good standing.
    if (!rejected && (await this.#tier(this.#store.db, businessId)) === 'TIER_250') await this.#upgrade(businessId, 'TIER_2K');
  }

  async #upgrade(businessId: string, to: Tier): Promise<void> {
    await this.#setTier(this.#store.db, businessId, to, null);
    await this.#tell(businessId, 'business_capability_update', { max_daily_conversations_per_business: to, max_phone_numbers_per_business: 20 });
    // Each number hears of its new limit too, as Meta's phone_number_quality_update UPGRADE.
    for (const n of await this.#directory.numbersOf(businessId)) {
      await this.#sink?.receive({ wabaId: n.wabaId, field: 'phone_number_quality_update', value: { display_phone_number: n.digits, event: 'UPGRADE', current_limit: to } });
    }
  }

  /** One change per WABA of the business, as Meta posts a portfolio's changes to each of its accounts. */
  async #tell(businessId: string, field: 'business_capability_update' | 'account_update', value: Record<string, unknown>): Promise<void> {
    if (!this.#sink) return;
    const numbers = await this.#directory.numbersOf(businessId);
    for (const wabaId of new Set(numbers.map((n) => n.wabaId))) await this.#sink.receive({ wabaId, field, value });
  }

  /** The portfolio's messaging limit, which each of its numbers shows. */
  tierOf(businessId: string): Promise<Tier> {
    return this.#tier(this.#store.db, businessId);
  }

  async #tier(db: Executor, businessId: string): Promise<Tier> {
    const row = await db.selectFrom('sim_business_limits').select('tier').where('business_id', '=', businessId).executeTakeFirst();
    return asTier(row?.tier);
  }

  async #setTier(db: Executor, businessId: string, tier: Tier, upgradeDueAt: number | null): Promise<void> {
    await db
      .insertInto('sim_business_limits')
      .values({ business_id: businessId, tier, upgrade_due_at: upgradeDueAt })
      .onConflict((oc) => oc.column('business_id').doUpdateSet({ tier, upgrade_due_at: upgradeDueAt }))
      .execute();
  }

  async #uniqueUsers(db: Executor, businessId: string, since: number): Promise<number> {
    const row = await db
      .selectFrom('sim_reach')
      .select((eb) => eb.fn.count<number | string>('wa_id').distinct().as('n'))
      .where('business_id', '=', businessId)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
