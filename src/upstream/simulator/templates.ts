import { Type } from '@sinclair/typebox';
import type { Clock } from '../../core/clock.js';
import { GraphError, invalidParameter, objectNotFound, type GraphErrorName } from '../../core/graph-errors.js';
import { newIntegerGraphId } from '../../core/ids.js';
import type { Store } from '../../store/database.js';
import { enqueue, type JobRunner } from '../../store/queue.js';
import {
  asSendComponents,
  checkTemplateSend,
  createPayloadError,
  CREATIONS_PER_HOUR,
  editProblem,
  editsWithinWindow,
  editTimesAfterEdit,
  lintTemplate,
  NAME_HOLD_MS,
  parseTemplateCreate,
  type Rendered,
  type TemplateDefinition,
} from '../../rules/templates/index.js';
import type { TemplatesPort, UpstreamTemplate } from '../port/templates.js';
import type { UpstreamSink } from '../types.js';
import { simulatorJob } from './jobs.js';
import { SimulatedReviewer } from './reviewer.js';
import type { SimulatedTemplateQuality } from './template-quality.js';
import { aboutTemplate, definitionOf, newSimTemplate, presentSimTemplate, SAMPLE_TEMPLATE, type SimTemplate } from './template-model.js';
import * as sql from './template-store.js';

/** Also the kind chatapp's `template.finish_deletion` jobs became in migration 026: the payload is the same. */
const finishDeletion = simulatorJob('sim.template_finish_deletion', Type.Object({ templateId: Type.String() }));

const HOUR = 3600 * 1000;

export interface SimulatedTemplatesOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** How long after a submission (creation or edit) the review decides, on the sandbox clock. */
  readonly reviewMs: number;
  /** Pauses are quality's: the business's unpause goes there. */
  readonly quality: Pick<SimulatedTemplateQuality, 'unpauseOnRequest'>;
}

/**
 * Meta's side of message templates (spec §3): it holds its own copy of each (sim_templates), names
 * a new one, reviews it on the clock, renders or refuses a template send, and deletes. chatapp
 * reaches it only through `TemplatesPort`, and hears of every decision through the sink.
 */
export class SimulatedTemplates implements TemplatesPort {
  readonly #o: SimulatedTemplatesOptions;
  readonly #reviewer: SimulatedReviewer;
  #sink: UpstreamSink | undefined;

  constructor(options: SimulatedTemplatesOptions) {
    this.#o = options;
    this.#reviewer = new SimulatedReviewer({ store: options.store, clock: options.clock, delayMs: options.reviewMs });
  }

  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    this.#reviewer.connect(sink, runner);
    runner.register(finishDeletion, (p) => this.#finishDeletion(p.templateId));
  }

  /** `POST /{waba-id}/message_templates`: refused with every problem named, or kept PENDING and put in review. */
  async createTemplate(wabaId: string, body: Record<string, unknown>): Promise<{ id: string; status: string; category: string }> {
    const definition = await this.#definition(wabaId, body);
    const now = this.#o.clock.now();
    const template = newSimTemplate({ id: newIntegerGraphId(this.#o.clock), wabaId, definition, now });
    await this.#o.store.transaction(async (trx) => {
      if ((await sql.findLiveByName(trx, wabaId, definition.name, definition.language)).length > 0) {
        throw invalidParameter(`name: a template named ${definition.name} already exists in ${definition.language}; edit it or choose another name`);
      }
      const heldUntil = await sql.nameHeldUntil(trx, wabaId, definition.name, now);
      if (heldUntil !== undefined) {
        throw invalidParameter(`name: ${definition.name} belonged to an approved template deleted less than 30 days ago; it can be reused from ${new Date(heldUntil).toISOString()}`);
      }
      if ((await sql.countCreatedSince(trx, wabaId, now - HOUR)) >= CREATIONS_PER_HOUR) {
        throw new GraphError('wabaRateLimit', `At most ${CREATIONS_PER_HOUR} templates can be created per WhatsApp Business Account per hour`);
      }
      await sql.insertSimTemplate(trx, template);
      await this.#reviewer.schedule(trx, { id: template.id, submittedAt: now });
    });
    return { id: template.id, status: template.status, category: template.category };
  }

  /** `POST /{template-id}`: Meta's edit rules (spec §3.3); the edited template goes back to review. */
  async editTemplate(templateId: string, changes: Record<string, unknown>): Promise<void> {
    const template = await sql.findSimTemplate(this.#o.store.db, templateId);
    if (!template || template.status === 'DELETED') throw objectNotFound(templateId, 'post');
    const now = this.#o.clock.now();
    const problem = editProblem(template, changes, now);
    if (problem) throw invalidParameter(problem);
    const definition = await this.#definition(template.wabaId, {
      name: template.name,
      language: template.language,
      category: changes.category ?? template.category,
      parameter_format: changes.parameter_format ?? template.parameterFormat,
      components: changes.components ?? template.components,
      ...(changes.message_send_ttl_seconds !== undefined ? { message_send_ttl_seconds: changes.message_send_ttl_seconds } : {}),
    });
    const edited: SimTemplate = {
      ...template,
      category: definition.category,
      parameterFormat: definition.parameter_format,
      components: definition.components,
      messageSendTtlSeconds: definition.message_send_ttl_seconds ?? template.messageSendTtlSeconds,
      status: 'PENDING',
      rejectedReason: null,
      editTimes: editsWithinWindow(editTimesAfterEdit(template, now), now),
      updatedAt: now,
    };
    await this.#o.store.transaction(async (trx) => {
      if (!(await sql.saveSimTemplate(trx, edited, { status: template.status, pauseCount: template.pauseCount }))) {
        throw invalidParameter('The template changed meanwhile; read it again and retry');
      }
      await this.#reviewer.schedule(trx, { id: templateId, submittedAt: now });
    });
  }

  /**
   * `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`: every language of a name, or one
   * template. One whose messages are still on their way stays PENDING_DELETION while they are
   * retried, up to 30 days (spec §3.3); an approved one's name stays taken as long.
   */
  async deleteTemplate(wabaId: string, by: { name: string; hsmId?: string | undefined }): Promise<void> {
    let templates = await sql.findLiveByName(this.#o.store.db, wabaId, by.name);
    if (by.hsmId !== undefined) templates = templates.filter((t) => t.id === by.hsmId);
    if (templates.length === 0) throw invalidParameter(`No template named ${by.name}${by.hsmId !== undefined ? ` with hsm_id ${by.hsmId}` : ''} in this WhatsApp Business Account`);
    const disabled = templates.find((t) => t.status === 'DISABLED');
    if (disabled) throw invalidParameter(`Template ${disabled.id} is DISABLED and cannot be deleted`);
    const now = this.#o.clock.now();
    await this.#o.store.transaction(async (trx) => {
      for (const t of templates) {
        const wasApproved = t.status === 'APPROVED' || t.status === 'PAUSED' || t.status === 'PENDING_DELETION';
        const nameHeldUntil = wasApproved ? now + NAME_HOLD_MS : t.nameHeldUntil;
        if (t.status !== 'PENDING_DELETION' && (await sql.countUndelivered(trx, t.id, now - NAME_HOLD_MS)) > 0) {
          await sql.saveSimTemplate(trx, { ...t, status: 'PENDING_DELETION', nameHeldUntil, updatedAt: now }, { status: t.status });
          await enqueue(trx, { clock: this.#o.clock, definition: finishDeletion, payload: { templateId: t.id }, runAt: now + NAME_HOLD_MS });
          continue;
        }
        await sql.saveSimTemplate(trx, { ...t, status: 'DELETED', nameHeldUntil, deletedAt: now, updatedAt: now }, { status: t.status });
      }
    });
  }

  /** `GET /{template-id}`; a deleted template is not found. */
  async getTemplate(templateId: string): Promise<UpstreamTemplate | undefined> {
    const template = await sql.findSimTemplate(this.#o.store.db, templateId);
    return template && template.status !== 'DELETED' ? presentSimTemplate(template) : undefined;
  }

  /** `GET /{waba-id}/message_templates`: the WABA's live templates, Meta's sample among them. */
  async listTemplates(wabaId: string): Promise<UpstreamTemplate[]> {
    await this.#ensureSample(wabaId);
    return (await sql.listLiveTemplates(this.#o.store.db, wabaId)).map(presentSimTemplate);
  }

  /** `POST /{template-id}/unpause`. */
  async unpauseTemplate(templateId: string): Promise<void> {
    await this.#o.quality.unpauseOnRequest(templateId);
  }

  /**
   * A template send at hand-over (spec §9's order): the template exists and is approved in that
   * language on Meta's copy (132001, 132015 paused, 132016 disabled), then its parameters; it is
   * rendered as the phone will show it. A refusal is an outcome, which fails the message.
   */
  async evaluateSend(input: { wabaId: string; content: unknown }): Promise<{ template: { id: string; category: string }; rendered: Rendered } | { error: GraphErrorName; details: string }> {
    const content = input.content as { name: string; language: { code: string }; components?: unknown };
    const [template] = await sql.findLiveByName(this.#o.store.db, input.wabaId, content.name, content.language.code);
    if (template?.status === 'PAUSED') return { error: 'templatePaused', details: `Template ${content.name} is paused because of low quality until ${new Date(template.pausedUntil ?? 0).toISOString()}` };
    if (template?.status === 'DISABLED') return { error: 'templateDisabled', details: `Template ${content.name} is disabled after repeated low quality` };
    // Only an approved template is sent; pending, rejected and deleting ones do not exist for sending.
    if (!template || template.status !== 'APPROVED') {
      return { error: 'templateNotFound', details: `template name (${content.name}) does not exist in ${content.language.code}${template ? ` (it is ${template.status})` : ''}` };
    }
    const check = checkTemplateSend({ template: definitionOf(template), components: asSendComponents(content.components) });
    return 'error' in check ? check : { template: { id: template.id, category: template.category }, rendered: check.rendered };
  }

  /** A create payload as Meta checks it before review: its format, then the lint (every problem at once). */
  async #definition(wabaId: string, body: unknown): Promise<TemplateDefinition> {
    const parsed = parseTemplateCreate(body);
    if ('findings' in parsed) throw createPayloadError(parsed.findings);
    const { name, language } = parsed.template;
    const others = (await sql.listLiveTemplates(this.#o.store.db, wabaId)).filter((t) => !(t.name === name && t.language === language));
    const findings = lintTemplate(parsed.template, { existing: others.map((t) => ({ name: t.name, language: t.language, components: t.components })) });
    if (findings.length > 0) throw createPayloadError(findings);
    return parsed.template;
  }

  /**
   * Meta's sample, `hello_world` (en_US, UTILITY), is approved on every new WABA. The simulator
   * hears of no WABA's creation, so it adds the sample the first time the WABA's templates are
   * asked for; never again once the WABA has had it, deleted or not.
   */
  async #ensureSample(wabaId: string): Promise<void> {
    const { name, language } = SAMPLE_TEMPLATE;
    if (await sql.everHadTemplate(this.#o.store.db, wabaId, name, language)) return;
    const now = this.#o.clock.now();
    await this.#o.store.transaction(async (trx) => {
      if (await sql.everHadTemplate(trx, wabaId, name, language)) return;
      const sample = newSimTemplate({ id: newIntegerGraphId(this.#o.clock), wabaId, definition: SAMPLE_TEMPLATE, now });
      await sql.insertSimTemplate(trx, { ...sample, status: 'APPROVED', qualityScore: 'GREEN' });
    });
  }

  /** The `sim.template_finish_deletion` job: a PENDING_DELETION template is gone once its messages had their 30 days. */
  async #finishDeletion(templateId: string): Promise<void> {
    const template = await sql.findSimTemplate(this.#o.store.db, templateId);
    if (!template || template.status !== 'PENDING_DELETION' || !this.#sink) return;
    // Told first, then deleted: a crash in between tells chatapp again, which it absorbs.
    await this.#sink.receive({
      wabaId: template.wabaId,
      field: 'message_template_status_update',
      value: { event: 'DELETED', ...aboutTemplate(template), reason: 'NONE', message_template_category: template.category },
    });
    const now = this.#o.clock.now();
    await sql.saveSimTemplate(this.#o.store.db, { ...template, status: 'DELETED', deletedAt: now, updatedAt: now }, { status: 'PENDING_DELETION' });
  }
}
