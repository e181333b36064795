import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import type { Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import { reviewTemplate, type TemplateDefinition } from '../../rules/templates/index.js';
import type { TemplateRecord } from '../../templates/record.js';
import type { UpstreamSink } from '../types.js';
import { simulatorJob } from './jobs.js';

const review = simulatorJob('sim.template_review', Type.Object({ templateId: Type.String() }));

/** What the reviewer reads of the templates it judges (Meta's copy of them, in the sandbox chatapp's). */
export interface TemplateDirectory {
  platformTemplate(id: string): Promise<TemplateRecord | undefined>;
  others(wabaId: string, except: { name: string; language: string }): Promise<TemplateRecord[]>;
}

/**
 * Meta's template review, simulated: a submitted template is decided `reviewMs` later on the
 * sandbox clock by the pure rules of templates/model (its lint, the sandbox markers, marketing
 * wording in a UTILITY template), and the decision comes back through the sink as Meta's
 * `message_template_status_update` (and `template_category_update` when the category changed).
 */
export class SimulatedReviewer {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #delayMs: number;
  readonly #templates: TemplateDirectory;
  #sink: UpstreamSink | undefined;

  constructor(options: { store: Store; clock: Clock; delayMs: number; templates: TemplateDirectory }) {
    this.#store = options.store;
    this.#clock = options.clock;
    this.#delayMs = options.delayMs;
    this.#templates = options.templates;
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(review, (p) => this.#review(p.templateId));
  }

  async submitTemplate(template: { id: string; submittedAt: number }): Promise<void> {
    await enqueue(this.#store.db, { clock: this.#clock, definition: review, payload: { templateId: template.id }, runAt: template.submittedAt + this.#delayMs });
  }

  async #review(templateId: string): Promise<void> {
    const template = await this.#templates.platformTemplate(templateId);
    if (!template || template.status !== 'PENDING' || !this.#sink) return;
    const existing = await this.#templates.others(template.wabaId, template);
    const definition: TemplateDefinition = {
      name: template.name,
      language: template.language,
      category: template.category,
      parameter_format: template.parameterFormat,
      components: template.components,
    };
    const decision = reviewTemplate(definition, { existing: existing.map((t) => ({ name: t.name, language: t.language, components: t.components })) });
    const about = { message_template_id: Number(template.id), message_template_name: template.name, message_template_language: template.language };
    if (decision.status === 'APPROVED' && decision.previousCategory) {
      const at = Math.floor(this.#clock.now() / 1000);
      await this.#sink.receive({
        wabaId: template.wabaId,
        field: 'template_category_update',
        value: { ...about, previous_category: decision.previousCategory, new_category: decision.category, category_update_timestamp: at },
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
  }
}
