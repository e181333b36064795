import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import { invalidParameter, objectNotFound } from '../../core/graph-errors.js';
import { newGraphId } from '../../core/ids.js';
import type { Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { AccountsPort, UpstreamWaba } from '../port/accounts.js';
import type { UpstreamSink } from '../types.js';
import { wabaHealth } from '../../rules/health.js';
import type { SimDirectory, SimWaba } from './directory.js';
import * as sql from './directory-store.js';
import { simulatorJob } from './jobs.js';

const wabaReview = simulatorJob('sim.waba_review', Type.Object({ wabaId: Type.String(), name: Type.String() }));

const metaVerifiedReview = simulatorJob('sim.meta_verified_review', Type.Object({ wabaId: Type.String() }));

/** A WABA whose name contains this marker is rejected by the simulated account review (README). */
export const REJECT_ACCOUNT_MARKER = '[[reject]]';

export interface SimulatedAccountsOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly directory: SimDirectory;
  readonly reviewMs: number;
  /** Business verification is reviewed where the portfolio's messaging limit is kept (business-limits.ts). */
  readonly verification: { submitVerification(input: { businessId: string; legalName: string; submittedAt: number }): Promise<void> };
}

/**
 * Portfolios and WABAs on Meta's side: created as Embedded Signup creates them, each new WABA's
 * account review (posted as `account_review_update`) and Meta Verified applications (an
 * `account_update` that chatapp applies without forwarding, as Meta tells a BSP of the badge only
 * in its tools), all decided on the sandbox clock.
 */
export class SimulatedAccounts implements AccountsPort {
  readonly #o: SimulatedAccountsOptions;
  #sink: UpstreamSink | undefined;

  constructor(options: SimulatedAccountsOptions) {
    this.#o = options;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(wabaReview, async ({ wabaId, name }) => {
      const decision = name.toLowerCase().includes(REJECT_ACCOUNT_MARKER) ? 'REJECTED' : 'APPROVED';
      await this.#o.directory.setAccountReview(wabaId, decision);
      await this.#sink?.receive({ wabaId, field: 'account_review_update', value: { decision } });
    });
    runner.register(metaVerifiedReview, async ({ wabaId }) => {
      const waba = await this.#o.directory.waba(wabaId);
      if (!waba) return;
      // The badge is the business's: every number of the portfolio shows it.
      for (const n of await this.#o.directory.numbersOf(waba.businessId)) await this.#o.directory.updateNumber(n.id, (c) => ({ ...c, official: true }));
      await this.#sink?.receive({ wabaId, field: 'account_update', value: { event: 'META_VERIFIED_STATUS_UPDATE', meta_verified_status: 'granted' } });
    });
  }

  async createBusiness(input: { name: string }): Promise<{ id: string }> {
    const name = input.name.trim();
    if (!name) throw invalidParameter('name is required');
    const id = newGraphId(this.#o.clock);
    await sql.insertBusiness(this.#o.store.db, { id, name, verificationStatus: 'not_verified', createdAt: this.#o.clock.now() });
    return { id };
  }

  async createWaba(businessId: string, input: { name: string; currency: string; timezoneId: string }): Promise<{ id: string }> {
    const waba = await this.#insertWaba(businessId, input, 'PENDING');
    await enqueue(this.#o.store.db, { clock: this.#o.clock, definition: wabaReview, payload: { wabaId: waba.id, name: waba.name }, runAt: waba.createdAt + this.#o.reviewMs });
    return { id: waba.id };
  }

  /** The sandbox's WABA for a demo or a seeded business: approved at once, as Meta's test account is. Not part of the port. */
  async seedWaba(businessId: string, input: { name: string; currency: string; timezoneId: string }): Promise<{ id: string }> {
    return { id: (await this.#insertWaba(businessId, input, 'APPROVED')).id };
  }

  async getWaba(wabaId: string): Promise<UpstreamWaba | undefined> {
    const waba = await this.#o.directory.waba(wabaId);
    if (!waba) return undefined;
    const business = await this.#o.directory.business(waba.businessId);
    const numbers = (await this.#o.directory.numbersOf(waba.businessId)).filter((n) => n.wabaId === waba.id);
    return {
      id: waba.id,
      name: waba.name,
      currency: waba.currency,
      timezone_id: waba.timezoneId,
      account_review_status: waba.accountReviewStatus,
      business_verification_status: business?.verificationStatus ?? 'not_verified',
      health_status: wabaHealth(waba.id, numbers),
    };
  }

  async requestVerification(businessId: string, input: { legalName: string }): Promise<void> {
    if (!(await this.#o.directory.business(businessId))) throw objectNotFound(businessId, 'post');
    await this.#o.verification.submitVerification({ businessId, legalName: input.legalName, submittedAt: this.#o.clock.now() });
  }

  async applyForMetaVerified(wabaId: string): Promise<void> {
    if (!(await this.#o.directory.waba(wabaId))) throw objectNotFound(wabaId, 'post');
    await enqueue(this.#o.store.db, { clock: this.#o.clock, definition: metaVerifiedReview, payload: { wabaId }, runAt: this.#o.clock.now() + this.#o.reviewMs });
  }

  /** Embedded, the WABA's changes already reach chatapp's sink; the standalone server keeps subscriptions of its own. */
  async subscribeApp(wabaId: string): Promise<void> {
    if (!(await this.#o.directory.waba(wabaId))) throw objectNotFound(wabaId, 'post');
  }

  async #insertWaba(businessId: string, input: { name: string; currency: string; timezoneId: string }, review: string): Promise<SimWaba> {
    if (!(await this.#o.directory.business(businessId))) throw objectNotFound(businessId, 'post');
    const waba: SimWaba = { id: newGraphId(this.#o.clock), businessId, name: input.name, currency: input.currency, timezoneId: input.timezoneId, accountReviewStatus: review, createdAt: this.#o.clock.now() };
    await sql.insertWaba(this.#o.store.db, waba);
    return waba;
  }
}
