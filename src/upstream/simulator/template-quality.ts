import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import { invalidParameter } from '../../core/graph-errors.js';
import { newGraphId } from '../../core/ids.js';
import type { Executor, Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { UpstreamSink } from '../types.js';
import { pauseStep, QUALITY_WINDOW_MS, templateQuality } from './quality.js';
import { simulatorJob } from './jobs.js';
import { aboutTemplate, unpausedValue, type SimTemplate } from './template-model.js';
import { findSimTemplate, saveSimTemplate } from './template-store.js';

const unpause = simulatorJob('sim.template_unpause', Type.Object({ templateId: Type.String(), pauseCount: Type.Integer() }));

/**
 * Template quality on the simulated platform: a block or report is blamed on the last template
 * the business sent that user in the last 7 days; the template's score follows quality.ts, and
 * RED pauses it (then unpauses it on the clock) or disables it. Each change is made on Meta's copy
 * (sim_templates) and reported through the sink as Meta reports it (spec §3.7): the report first,
 * then the copy, so a crash in between repeats a report chatapp absorbs rather than loses one.
 */
export class SimulatedTemplateQuality {
  readonly #store: Store;
  readonly #clock: Clock;
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock }) {
    this.#store = options.store;
    this.#clock = options.clock;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(unpause, (p) => this.#unpause(p.templateId, p.pauseCount));
  }

  get #sinkOrThrow(): UpstreamSink {
    if (!this.#sink) throw new Error('simulator is not connected to a sink');
    return this.#sink;
  }

  /** Remembers which template a handed-over message used (in the hand-over's transaction). */
  async recordSend(trx: Executor, send: { messageId: string; templateId: string; phoneNumberId: string; waId: string; now: number }): Promise<void> {
    await trx
      .insertInto('sim_template_sends')
      .values({ message_id: send.messageId, template_id: send.templateId, phone_number_id: send.phoneNumberId, wa_id: send.waId, created_at: send.now })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }

  /** A user blocked or reported a business number: the template that reached them last pays for it. */
  async userObjected(input: { waId: string; phoneNumberId: string; kind: 'block' | 'report' }): Promise<void> {
    const now = this.#clock.now();
    const last = await this.#store.db
      .selectFrom('sim_template_sends')
      .select('template_id')
      .where('phone_number_id', '=', input.phoneNumberId)
      .where('wa_id', '=', input.waId)
      .where('created_at', '>=', now - QUALITY_WINDOW_MS)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!last) return;
    await this.#store.db
      .insertInto('sim_template_signals')
      .values({ id: newGraphId(this.#clock), template_id: last.template_id, wa_id: input.waId, kind: input.kind, created_at: now })
      .execute();
    await this.#evaluate(last.template_id);
  }

  /**
   * `POST /{template-id}/unpause`: the business asks for a paused template back. One Meta's copy
   * holds APPROVED already is what was asked for: Meta says so again, which brings a mirror that
   * missed the unpause up to date.
   */
  async unpauseOnRequest(templateId: string): Promise<void> {
    const template = await findSimTemplate(this.#store.db, templateId);
    if (!template || template.status === 'DELETED') throw invalidParameter(`Template ${templateId} does not exist`);
    if (template.status !== 'PAUSED' && template.status !== 'APPROVED') throw invalidParameter(`Template ${templateId} is ${template.status}, not PAUSED`);
    await this.#sinkOrThrow.receive({ wabaId: template.wabaId, field: 'message_template_status_update', value: unpausedValue(template) });
    // Its quality stays as the feedback made it: asking is no clean slate, the pause running out is.
    if (template.status === 'PAUSED') await this.#saveUnpaused(template, { score: template.qualityScore, cleanSlate: false });
  }

  async #evaluate(templateId: string): Promise<void> {
    const template = await findSimTemplate(this.#store.db, templateId);
    if (!template || !this.#sink || (template.status !== 'APPROVED' && template.status !== 'PAUSED')) return;
    const score = templateQuality(await this.#signals(templateId));
    const about = aboutTemplate(template);
    const now = this.#clock.now();
    if (score !== template.qualityScore) {
      await this.#sink.receive({
        wabaId: template.wabaId,
        field: 'message_template_quality_update',
        value: { ...about, previous_quality_score: template.qualityScore, new_quality_score: score },
      });
    }
    const scored: SimTemplate = { ...template, qualityScore: score, updatedAt: now };
    if (score !== 'RED' || template.status !== 'APPROVED') {
      if (score !== template.qualityScore) await saveSimTemplate(this.#store.db, scored, { status: template.status, pauseCount: template.pauseCount });
      return;
    }
    const step = pauseStep(template.pauseCount);
    if (step.status === 'DISABLED') {
      await this.#sink.receive({
        wabaId: template.wabaId,
        field: 'message_template_status_update',
        value: { event: 'DISABLED', ...about, reason: 'NONE', message_template_category: template.category, disable_info: { disable_date: String(Math.floor(now / 1000)) } },
      });
      await saveSimTemplate(this.#store.db, { ...scored, status: 'DISABLED', pausedUntil: null }, { status: 'APPROVED', pauseCount: template.pauseCount });
      return;
    }
    await this.#sink.receive({
      wabaId: template.wabaId,
      field: 'message_template_status_update',
      value: {
        event: 'PAUSED',
        ...about,
        reason: 'NONE',
        message_template_category: template.category,
        other_info: { title: step.title, description: `Your ${template.name} template has been paused for ${step.durationMs / 3_600_000} hours because of low quality.` },
      },
    });
    const paused: SimTemplate = { ...scored, status: 'PAUSED', pauseCount: template.pauseCount + 1, pausedUntil: now + step.durationMs };
    await this.#store.transaction(async (trx) => {
      if (!(await saveSimTemplate(trx, paused, { status: 'APPROVED', pauseCount: template.pauseCount }))) return;
      await enqueue(trx, { clock: this.#clock, definition: unpause, payload: { templateId, pauseCount: paused.pauseCount }, runAt: paused.pausedUntil! });
    });
  }

  /** Sends, distinct objecting users and reads of the template in the quality window. */
  async #signals(templateId: string): Promise<{ sent: number; negative: number; read: number }> {
    const since = this.#clock.now() - QUALITY_WINDOW_MS;
    const db = this.#store.db;
    const [sent, negative, read] = await Promise.all([
      db
        .selectFrom('sim_template_sends')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('template_id', '=', templateId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('sim_template_signals')
        .select((eb) => eb.fn.count<number | string>('wa_id').distinct().as('n'))
        .where('template_id', '=', templateId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow(),
      db
        .selectFrom('sim_template_sends')
        .innerJoin('sim_messages', 'sim_messages.id', 'sim_template_sends.message_id')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('sim_template_sends.template_id', '=', templateId)
        .where('sim_template_sends.created_at', '>=', since)
        .where('sim_messages.status', '=', 'read')
        .executeTakeFirstOrThrow(),
    ]);
    return { sent: Number(sent.n), negative: Number(negative.n), read: Number(read.n) };
  }

  /** The pause is over: the template is sendable again, with a clean slate of feedback. */
  async #unpause(templateId: string, pauseCount: number): Promise<void> {
    const template = await findSimTemplate(this.#store.db, templateId);
    if (!template || template.status !== 'PAUSED' || template.pauseCount !== pauseCount || !this.#sink) return;
    await this.#sink.receive({ wabaId: template.wabaId, field: 'message_template_status_update', value: unpausedValue(template) });
    await this.#sink.receive({ wabaId: template.wabaId, field: 'message_template_quality_update', value: { ...aboutTemplate(template), previous_quality_score: template.qualityScore, new_quality_score: 'YELLOW' } });
    await this.#saveUnpaused(template, { score: 'YELLOW', cleanSlate: true });
  }

  async #saveUnpaused(template: SimTemplate, options: { score: SimTemplate['qualityScore']; cleanSlate: boolean }): Promise<void> {
    await this.#store.transaction(async (trx) => {
      const unpaused: SimTemplate = { ...template, status: 'APPROVED', pausedUntil: null, qualityScore: options.score, updatedAt: this.#clock.now() };
      if (!(await saveSimTemplate(trx, unpaused, { status: 'PAUSED', pauseCount: template.pauseCount }))) return;
      if (options.cleanSlate) await trx.deleteFrom('sim_template_signals').where('template_id', '=', template.id).execute();
    });
  }
}
