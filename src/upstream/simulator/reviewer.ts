import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { Executor, Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import { reviewTemplate } from '../../rules/templates/index.js';
import type { UpstreamSink } from '../types.js';
import { simulatorJob } from './jobs.js';
import { aboutTemplate, definitionOf, type SimTemplate } from './template-model.js';
import { findSimTemplate, listLiveTemplates, saveSimTemplate } from './template-store.js';

/** Also the kind chatapp's `template.submit` jobs became in migration 026: the payload is the same. */
const review = simulatorJob('sim.template_review', Type.Object({ templateId: Type.String() }));

/**
 * Meta's template review, simulated: a submitted template is decided `delayMs` later on the
 * sandbox clock by the pure rules of src/rules/templates (its lint, the sandbox markers, marketing
 * wording in a UTILITY template), on Meta's own copy (sim_templates). The decision comes back
 * through the sink as Meta's `message_template_status_update` (and `template_category_update`
 * when the category changed).
 */
export class SimulatedReviewer {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #delayMs: number;
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock; delayMs: number }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#delayMs = options.delayMs;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(review, (p) => this.#review(p.templateId));
  }

  /** Puts a template just created or edited in the review queue, in the transaction that submitted it. */
  async schedule(trx: Executor, template: { id: string; submittedAt: number }): Promise<void> {
    await enqueue(trx, { clock: this.#clock, definition: review, payload: { templateId: template.id }, runAt: template.submittedAt + this.#delayMs });
  }

  async #review(templateId: string): Promise<void> {
    const db = this.#store.db;
    const template = await findSimTemplate(db, templateId);
    if (!template || template.status !== 'PENDING' || !this.#sink) return;
    const existing = (await listLiveTemplates(db, template.wabaId)).filter((t) => !(t.name === template.name && t.language === template.language));
    const decision = reviewTemplate(definitionOf(template), { existing: existing.map((t) => ({ name: t.name, language: t.language, components: t.components })) });
    const about = aboutTemplate(template);
    const now = this.#clock.now();
    // Tell chatapp first, then decide on Meta's copy: a crash in between repeats the review (the
    // rules are deterministic) and its report, which chatapp absorbs; a report that fails retries the job.
    if (decision.status === 'APPROVED' && decision.previousCategory) {
      await this.#sink.receive({
        wabaId: template.wabaId,
        field: 'template_category_update',
        value: { ...about, previous_category: decision.previousCategory, new_category: decision.category, category_update_timestamp: Math.floor(now / 1000) },
      });
    }
    await this.#sink.receive({
      wabaId: template.wabaId,
      field: 'message_template_status_update',
      value: {
        event: decision.status,
        ...about,
        reason: decision.rejectedReason,
        message_template_category: decision.category,
        ...(decision.status === 'REJECTED' ? { rejection_info: decision.rejectionInfo } : {}),
      },
    });
    const decided: SimTemplate = {
      ...template,
      status: decision.status,
      category: decision.category,
      rejectedReason: decision.status === 'REJECTED' ? decision.rejectedReason : null,
      // Meta clears the TTL when it recategorises a template (spec §3.6).
      messageSendTtlSeconds: decision.status === 'APPROVED' && decision.previousCategory ? null : template.messageSendTtlSeconds,
      updatedAt: now,
    };
    await saveSimTemplate(db, decided, { status: 'PENDING' });
  }
}
