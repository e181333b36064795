import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { UpstreamSink } from '../types.js';
import { simulatorJob } from './jobs.js';

const wabaReview = simulatorJob('sim.waba_review', Type.Object({ wabaId: Type.String(), name: Type.String() }));

const metaVerifiedReview = simulatorJob('sim.meta_verified_review', Type.Object({ wabaId: Type.String() }));

/** A WABA whose name contains this marker is rejected by the simulated account review (README). */
export const REJECT_ACCOUNT_MARKER = '[[reject]]';

/**
 * Meta's reviews of accounts, simulated on the sandbox clock: a new WABA's account review (posted
 * as `account_review_update`, Meta's field) and Meta Verified applications (an `account_update`
 * that chatapp applies without forwarding, as Meta tells a BSP of the badge only in its tools).
 */
export class SimulatedAccountReviews {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #reviewMs: number;
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock; reviewMs: number }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#reviewMs = options.reviewMs;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(wabaReview, async ({ wabaId, name }) => {
      await this.#sink?.receive({ wabaId, field: 'account_review_update', value: { decision: name.toLowerCase().includes(REJECT_ACCOUNT_MARKER) ? 'REJECTED' : 'APPROVED' } });
    });
    runner.register(metaVerifiedReview, async ({ wabaId }) => {
      await this.#sink?.receive({ wabaId, field: 'account_update', value: { event: 'META_VERIFIED_STATUS_UPDATE', meta_verified_status: 'granted' } });
    });
  }

  async submitWaba(input: { wabaId: string; name: string; submittedAt: number }): Promise<void> {
    await enqueue(this.#store.db, { clock: this.#clock, definition: wabaReview, payload: { wabaId: input.wabaId, name: input.name }, runAt: input.submittedAt + this.#reviewMs });
  }

  async applyForMetaVerified(input: { wabaId: string; appliedAt: number }): Promise<void> {
    await enqueue(this.#store.db, { clock: this.#clock, definition: metaVerifiedReview, payload: { wabaId: input.wabaId }, runAt: input.appliedAt + this.#reviewMs });
  }
}
