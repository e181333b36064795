import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { QualityRating } from '../../rules/numbers.js';
import type { UpstreamSink } from '../types.js';
import type { SimDirectory, SimNumber } from './directory.js';
import { simulatorJob } from './jobs.js';

const DAY = 24 * 3600 * 1000;
export const NUMBER_QUALITY_WINDOW_MS = 7 * DAY;
/** A number still RED this long after it was flagged is restricted. */
export const RESTRICT_AFTER_MS = 7 * DAY;

const restrictionCheck = simulatorJob('sim.restriction_check', Type.Object({ phoneNumberId: Type.String(), flaggedAt: Type.Number() }));

/**
 * A number's quality rating on the simulated platform (spec §6.6): the last 7 days of users' blocks
 * and reports, weighted to recent ones (1 in the last day, 0.6 up to 3 days, 0.3 up to 7), against
 * the users the number wrote to in those days. chatapp's thresholds, deterministic for the sandbox:
 * RED at a weight of 3 and 10 % of users; YELLOW at 1 and 3 %; GREEN otherwise once it has sent,
 * UNKNOWN before.
 */
export function numberQuality(input: { reached: number; objections: readonly number[]; now: number }): QualityRating {
  if (input.reached === 0) return 'UNKNOWN';
  const weight = input.objections.reduce((sum, at) => sum + (input.now - at < DAY ? 1 : input.now - at < 3 * DAY ? 0.6 : 0.3), 0);
  const rate = input.objections.length / input.reached;
  if (weight >= 3 && rate >= 0.1) return 'RED';
  if (weight >= 1 && rate >= 0.03) return 'YELLOW';
  return 'GREEN';
}

/**
 * Re-rates a number after a user blocks or reports it, and tells chatapp through the sink as a
 * `phone_number_quality_update`: `FLAGGED` when it falls to RED, `UNFLAGGED` when it leaves RED
 * (Meta's events), `QUALITY_UPDATE` for other changes (chatapp's own, applied but not forwarded);
 * each carries `quality_rating`.
 */
export class SimulatedNumberQuality {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #directory: SimDirectory;
  readonly #tierOf: (businessId: string) => Promise<string>;
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock; directory: SimDirectory; tierOf: (businessId: string) => Promise<string> }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#directory = options.directory;
    this.#tierOf = options.tierOf;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(restrictionCheck, (p) => this.#checkRestriction(p.phoneNumberId, p.flaggedAt));
  }

  async evaluate(phoneNumberId: string): Promise<void> {
    const number = await this.#directory.number(phoneNumberId);
    if (!number || !this.#sink) return;
    const now = this.#clock.now();
    const since = now - NUMBER_QUALITY_WINDOW_MS;
    const [reached, blocks, reports] = await Promise.all([
      this.#store.db
        .selectFrom('sim_messages')
        .select((eb) => eb.fn.count<number | string>('wa_id').distinct().as('n'))
        .where('phone_number_id', '=', phoneNumberId)
        .where('direction', '=', 'out')
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow(),
      this.#store.db.selectFrom('sim_blocks').select(['wa_id', 'created_at']).where('phone_number_id', '=', phoneNumberId).where('created_at', '>=', since).execute(),
      this.#store.db.selectFrom('sim_reports').select(['wa_id', 'created_at']).where('phone_number_id', '=', phoneNumberId).where('created_at', '>=', since).execute(),
    ]);
    // One objection per user: the latest of their blocks and reports.
    const latest = new Map<string, number>();
    for (const o of [...blocks, ...reports]) latest.set(o.wa_id, Math.max(latest.get(o.wa_id) ?? 0, Number(o.created_at)));
    const rating = numberQuality({ reached: Number(reached.n), objections: [...latest.values()], now });
    if (rating === number.qualityRating) return;
    const event = eventFor(number, rating);
    // Meta's record moves first: FLAGGED at RED, CONNECTED again when a flagged or restricted number recovers.
    await this.#directory.updateNumber(phoneNumberId, (n) => ({ ...n, qualityRating: rating, status: statusAfter(n, event) }));
    await this.#sink.receive({
      wabaId: number.wabaId,
      field: 'phone_number_quality_update',
      value: { display_phone_number: number.digits, event, current_limit: await this.#tierOf(number.businessId), quality_rating: rating },
    });
    if (event === 'FLAGGED' && number.status !== 'FLAGGED') {
      await enqueue(this.#store.db, { clock: this.#clock, definition: restrictionCheck, payload: { phoneNumberId, flaggedAt: now }, runAt: now + RESTRICT_AFTER_MS });
    }
  }

  /**
   * Sustained low quality: a number still RED a week after it was flagged may no longer start
   * conversations. Meta posts it as an `account_update` ACCOUNT_RESTRICTION on the WABA.
   */
  async #checkRestriction(phoneNumberId: string, flaggedAt: number): Promise<void> {
    await this.evaluate(phoneNumberId);
    const number = await this.#directory.number(phoneNumberId);
    if (!number || number.status !== 'FLAGGED' || number.qualityRating !== 'RED' || !this.#sink) return;
    // The restriction is on the WABA's business-initiated messaging: each of its flagged numbers.
    for (const n of await this.#directory.numbersOf(number.businessId)) {
      if (n.wabaId === number.wabaId && n.status === 'FLAGGED') await this.#directory.updateNumber(n.id, (c) => ({ ...c, status: 'RESTRICTED' }));
    }
    await this.#sink.receive({
      wabaId: number.wabaId,
      field: 'account_update',
      value: {
        event: 'ACCOUNT_RESTRICTION',
        restriction_info: [
          {
            restriction_type: 'RESTRICTED_BIZ_INITIATED_MESSAGING',
            expiration: String(Math.floor((this.#clock.now() + RESTRICT_AFTER_MS) / 1000)),
            remediation: `${number.displayPhoneNumber} has had a low quality rating since ${new Date(flaggedAt).toISOString()}; it may reply to users but not start conversations until its quality recovers.`,
          },
        ],
      },
    });
  }
}

function eventFor(number: SimNumber, rating: QualityRating): QualityEvent {
  if (rating === 'RED') return 'FLAGGED';
  if (number.status === 'FLAGGED' || number.status === 'RESTRICTED') return 'UNFLAGGED';
  return 'QUALITY_UPDATE';
}

type QualityEvent = 'FLAGGED' | 'UNFLAGGED' | 'QUALITY_UPDATE';

function statusAfter(number: SimNumber, event: QualityEvent): SimNumber['status'] {
  const lowered = number.status === 'FLAGGED' || number.status === 'RESTRICTED';
  if (event === 'FLAGGED' && number.status !== 'RESTRICTED') return 'FLAGGED';
  if (event === 'UNFLAGGED' && lowered) return 'CONNECTED';
  return number.status;
}
