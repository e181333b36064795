import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import { newGraphId } from '../../core/ids.js';
import type { Executor, Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import type { UpstreamSink } from '../types.js';
import { pauseStep, QUALITY_WINDOW_MS, templateQuality } from './quality.js';
import type { TemplateDirectory } from './reviewer.js';
import { simulatorJob } from './jobs.js';

const unpause = simulatorJob('sim.template_unpause', Type.Object({ templateId: Type.String(), pauseCount: Type.Integer() }));

/**
 * Template quality on the simulated platform: a block or report is blamed on the last template
 * the business sent that user in the last 7 days; the template's score follows quality.ts, and
 * RED pauses it (then unpauses it on the clock) or disables it, each reported through the sink as
 * Meta reports it (spec §3.7).
 */
export class SimulatedTemplateQuality {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #templates: TemplateDirectory;
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock; templates: TemplateDirectory }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#templates = options.templates;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(unpause, (p) => this.#unpause(p.templateId, p.pauseCount));
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

  async #evaluate(templateId: string): Promise<void> {
    const template = await this.#templates.platformTemplate(templateId);
    if (!template || !this.#sink || (template.status !== 'APPROVED' && template.status !== 'PAUSED')) return;
    const since = this.#clock.now() - QUALITY_WINDOW_MS;
    const [sent, negative, read] = await Promise.all([
      this.#store.db
        .selectFrom('sim_template_sends')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('template_id', '=', templateId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
      this.#store.db
        .selectFrom('sim_template_signals')
        .select((eb) => eb.fn.count<number | string>('wa_id').distinct().as('n'))
        .where('template_id', '=', templateId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
      this.#store.db
        .selectFrom('sim_template_sends')
        .innerJoin('sim_messages', 'sim_messages.id', 'sim_template_sends.message_id')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('sim_template_sends.template_id', '=', templateId)
        .where('sim_template_sends.created_at', '>=', since)
        .where('sim_messages.status', '=', 'read')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ]);
    const score = templateQuality({ sent, negative, read });
    const about = { message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language };
    if (score !== template.qualityScore) {
      await this.#sink.receive({
        wabaId: template.wabaId,
        field: 'message_template_quality_update',
        value: { ...about, previous_quality_score: template.qualityScore, new_quality_score: score },
      });
    }
    if (score !== 'RED' || template.status !== 'APPROVED') return;
    const step = pauseStep(template.pauseCount);
    const now = this.#clock.now();
    if (step.status === 'DISABLED') {
      await this.#sink.receive({
        wabaId: template.wabaId,
        field: 'message_template_status_update',
        value: { event: 'DISABLED', ...about, reason: 'NONE', message_template_category: template.category, disable_info: { disable_date: String(Math.floor(now / 1000)) } },
      });
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
    await enqueue(this.#store.db, { clock: this.#clock, definition: unpause, payload: { templateId, pauseCount: template.pauseCount + 1 }, runAt: now + step.durationMs });
  }

  /** The pause is over: the template is sendable again, with a clean slate of feedback. */
  async #unpause(templateId: string, pauseCount: number): Promise<void> {
    const template = await this.#templates.platformTemplate(templateId);
    if (!template || template.status !== 'PAUSED' || template.pauseCount !== pauseCount || !this.#sink) return;
    await this.#store.db.deleteFrom('sim_template_signals').where('template_id', '=', templateId).execute();
    const about = { message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language };
    await this.#sink.receive({
      wabaId: template.wabaId,
      field: 'message_template_status_update',
      value: { event: 'APPROVED', ...about, reason: 'NONE', message_template_category: template.category, other_info: { title: 'UNPAUSE', description: `Your ${template.name} template has been unpaused.` } },
    });
    await this.#sink.receive({ wabaId: template.wabaId, field: 'message_template_quality_update', value: { ...about, previous_quality_score: template.qualityScore, new_quality_score: 'YELLOW' } });
  }
}
