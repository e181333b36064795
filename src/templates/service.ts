import { Type } from '@sinclair/typebox';
import type { AccountsService } from '../accounts/service.js';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter, objectNotFound, type GraphErrorName } from '../core/graph-errors.js';
import { newGraphId, newIntegerGraphId } from '../core/ids.js';
import type { Page, PageRequest } from '../core/paging.js';
import type { Executor, Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { registerGraphObject } from '../store/graph-objects.js';
import { defineJob, enqueue } from '../store/queue.js';
import type { UploadsService } from '../media/uploads.js';
import { countUndeliveredTemplateMessages } from '../messaging/store.js';
import type { UpstreamChange } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import { changeEvents, creationEvent, deletionEvent, editEvent, pauseStateOf, type NewTemplateEvent, type PauseState, type TemplateEvent } from './history.js';
import { editProblem, type TemplateChange, applyTemplateChange } from './lifecycle.js';
import {
  asSendComponents,
  checkTemplateSend,
  createPayloadError,
  lintTemplate,
  parseTemplateCreate,
  type Finding,
  type Rendered,
  type TemplateDefinition,
} from '../rules/templates/index.js';
import { CREATIONS_PER_HOUR, definitionOf, NAME_HOLD_MS, newRecord, SAMPLE_TEMPLATE, TEMPLATES_PER_WABA, type TemplateRecord } from './record.js';
import * as sql from './store.js';

/** Handing a created or edited template to Meta's side for review. */
/** Ending a deletion that waited for its template's messages. */
export const finishDeletion = defineJob({
  kind: 'template.finish_deletion',
  payload: Type.Object({ templateId: Type.String() }),
  maxAttempts: 20,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  timeoutMs: 15_000,
});

export const submitTemplate = defineJob({
  kind: 'template.submit',
  payload: Type.Object({ templateId: Type.String() }),
  maxAttempts: 20,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  timeoutMs: 15_000,
});

/** What the templates capability asks of Meta's side. */
export interface TemplateReviewer {
  /** `submittedAt`: when the business created or edited it; review time counts from then. */
  submitTemplate(template: { id: string; wabaId: string; submittedAt: number }): Promise<void>;
}

export interface TemplatesServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly committer: GroupCommitter;
  readonly accounts: AccountsService;
  readonly webhooks: WebhooksService;
  /** Media headers' examples are Resumable Upload handles of the business. */
  readonly uploads: Pick<UploadsService, 'use'>;
}

/** The files a media header's example may be (spec §3: GIF headers are MP4 videos). */
const headerFiles: Readonly<Record<string, readonly string[]>> = {
  IMAGE: ['image/jpeg', 'image/png'],
  VIDEO: ['video/mp4'],
  GIF: ['video/mp4'],
  DOCUMENT: ['application/pdf'],
};

const HOUR = 3600 * 1000;
/** The history answered: far more than a template's changes in its 30-day edit window. */
const HISTORY_LIMIT = 200;
/** Meta's side reports a template's changes one by one; more than a few racing ones is a bug, not load. */
const APPLY_ATTEMPTS = 3;

/**
 * Message templates: the management API's rules (limits, names, edits, deletion), what Meta's
 * review reports back (applied, then posted to the business's webhooks), and the checks a
 * template send must pass.
 */
export class TemplatesService {
  readonly #o: TemplatesServiceOptions;

  constructor(options: TemplatesServiceOptions) {
    this.#o = options;
  }

  /** `POST /console/api/templates/lint`: every finding at once; none means the format passes. */
  async lint(businessId: BusinessId, wabaId: string, body: unknown): Promise<Finding[]> {
    const parsed = parseTemplateCreate(body);
    if ('findings' in parsed) return parsed.findings;
    return lintTemplate(parsed.template, { existing: await this.others(wabaId, parsed.template) });
  }

  /** `POST /{waba-id}/message_templates`: stored PENDING and handed to review, or refused with every problem named. */
  async create(businessId: BusinessId, wabaId: string, body: unknown): Promise<TemplateRecord> {
    const parsed = parseTemplateCreate(body);
    if ('findings' in parsed) throw createPayloadError(parsed.findings);
    const definition = parsed.template;
    const findings = lintTemplate(definition, { existing: await this.others(wabaId, definition) });
    if (findings.length > 0) throw createPayloadError(findings);
    await this.#checkHandles(businessId, definition);
    const now = this.#o.clock.now();
    const limit = await this.#limit(businessId);
    const template = newRecord({ id: newIntegerGraphId(this.#o.clock), businessId, wabaId, definition, now });
    await this.#o.store.transaction(async (trx) => {
      if ((await sql.findByName(trx, wabaId, definition.name, definition.language)).length > 0) {
        throw invalidParameter(`name: a template named ${definition.name} already exists in ${definition.language}; edit it or choose another name`);
      }
      const heldUntil = await sql.nameHeldUntil(trx, wabaId, definition.name, now);
      if (heldUntil !== undefined) {
        throw invalidParameter(`name: ${definition.name} belonged to an approved template deleted less than 30 days ago; it can be reused from ${new Date(heldUntil).toISOString()}`);
      }
      if ((await sql.countLive(trx, wabaId)) >= limit) {
        throw invalidParameter(`This WhatsApp Business Account already has ${limit} templates, its limit${limit === TEMPLATES_PER_WABA.unverified ? ' until the business is verified' : ''}; delete some first`);
      }
      if ((await sql.countCreatedSince(trx, wabaId, now - HOUR)) >= CREATIONS_PER_HOUR) {
        throw new GraphError('wabaRateLimit', `At most ${CREATIONS_PER_HOUR} templates can be created per WhatsApp Business Account per hour`);
      }
      await sql.insertTemplate(trx, template);
      await this.#record(trx, businessId, [creationEvent(template)]);
      await registerGraphObject(trx, { id: template.id, kind: 'template', businessId });
      await enqueue(trx, { clock: this.#o.clock, definition: submitTemplate, payload: { templateId: template.id } });
    });
    return template;
  }

  /**
   * Meta's sample template, `hello_world` (en_US, UTILITY), approved on every new WABA; added once,
   * and not again after the business deletes it.
   */
  async ensureSample(businessId: BusinessId, wabaId: string): Promise<void> {
    const now = this.#o.clock.now();
    await this.#o.store.transaction(async (trx) => {
      if ((await sql.findByName(trx, wabaId, SAMPLE_TEMPLATE.name, SAMPLE_TEMPLATE.language)).length > 0) return;
      if ((await sql.nameHeldUntil(trx, wabaId, SAMPLE_TEMPLATE.name, 0)) !== undefined) return;
      const template: TemplateRecord = { ...newRecord({ id: newIntegerGraphId(this.#o.clock), businessId, wabaId, definition: SAMPLE_TEMPLATE, now }), status: 'APPROVED', qualityScore: 'GREEN' };
      await sql.insertTemplate(trx, template);
      await this.#record(trx, businessId, [creationEvent(template)]);
      await registerGraphObject(trx, { id: template.id, kind: 'template', businessId });
    });
  }

  async get(businessId: BusinessId, id: string): Promise<TemplateRecord> {
    const template = await sql.findTemplate(this.#o.store.db, businessId, id);
    if (!template) throw objectNotFound(id);
    return template;
  }

  page(businessId: BusinessId, wabaId: string, filter: sql.TemplateFilter, page: PageRequest): Promise<Page<TemplateRecord>> {
    return sql.pageTemplates(this.#o.store.db, businessId, wabaId, filter, page);
  }

  /** The `summary` of a list: how many templates the WABA has and may have. */
  async summary(businessId: BusinessId, wabaId: string): Promise<{ total_count: number; message_template_count: number; message_template_limit: number }> {
    const count = await sql.countLive(this.#o.store.db, wabaId);
    const limit = await this.#limit(businessId);
    return { total_count: count, message_template_count: count, message_template_limit: limit };
  }

  /** Each media header's example must be a finished upload of the business, of the header's kind. */
  async #checkHandles(businessId: BusinessId, definition: TemplateDefinition): Promise<void> {
    for (const [i, c] of definition.components.entries()) {
      const accept = c.type === 'HEADER' ? headerFiles[c.format] : undefined;
      if (!accept || c.type !== 'HEADER') continue;
      for (const [j, handle] of (c.example?.header_handle ?? []).entries()) {
        await this.#o.uploads.use({ businessId, handle, accept, field: `components[${i}].example.header_handle[${j}]` });
      }
    }
  }

  async #limit(businessId: BusinessId): Promise<number> {
    const business = await this.#o.accounts.getBusiness(businessId);
    return business?.verificationStatus === 'verified' ? TEMPLATES_PER_WABA.verified : TEMPLATES_PER_WABA.unverified;
  }

  /** `POST /{template-id}`: Meta's edit rules (spec §3.3); the edited template goes back to review. */
  async edit(businessId: BusinessId, id: string, body: Record<string, unknown>): Promise<void> {
    const template = await this.get(businessId, id);
    const now = this.#o.clock.now();
    const problem = editProblem(template, body, now);
    if (problem) throw invalidParameter(problem);
    const parsed = parseTemplateCreate({
      name: template.name,
      language: template.language,
      category: body.category ?? template.category,
      parameter_format: body.parameter_format ?? template.parameterFormat,
      components: body.components ?? template.components,
      ...(body.message_send_ttl_seconds !== undefined ? { message_send_ttl_seconds: body.message_send_ttl_seconds } : {}),
    });
    if ('findings' in parsed) throw createPayloadError(parsed.findings);
    const findings = lintTemplate(parsed.template, { existing: await this.others(template.wabaId, parsed.template) });
    if (findings.length > 0) throw createPayloadError(findings);
    if (body.components !== undefined) await this.#checkHandles(businessId, parsed.template);
    const edited: TemplateRecord = {
      ...template,
      category: parsed.template.category,
      parameterFormat: parsed.template.parameter_format,
      components: parsed.template.components,
      messageSendTtlSeconds: parsed.template.message_send_ttl_seconds ?? template.messageSendTtlSeconds,
      status: 'PENDING',
      rejectedReason: null,
      rejectionInfo: null,
      editTimes: template.status === 'APPROVED' ? [...template.editTimes, now] : template.editTimes,
      updatedAt: now,
    };
    await this.#o.store.transaction(async (trx) => {
      if (!(await sql.saveTemplate(trx, edited, template.status))) throw invalidParameter('The template changed meanwhile; read it again and retry');
      await this.#record(trx, businessId, [editEvent(template, edited, now)]);
      await enqueue(trx, { clock: this.#o.clock, definition: submitTemplate, payload: { templateId: id } });
    });
  }

  /** `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`: every language of a name, or one template. */
  async delete(businessId: BusinessId, wabaId: string, params: { name?: unknown; hsm_id?: unknown }): Promise<void> {
    if (typeof params.name !== 'string' || params.name === '') throw invalidParameter('name is required');
    const now = this.#o.clock.now();
    await this.#o.store.transaction(async (trx) => {
      let templates = await sql.findByName(trx, wabaId, params.name as string);
      templates = templates.filter((t) => t.businessId === businessId);
      if (params.hsm_id !== undefined) templates = templates.filter((t) => t.id === String(params.hsm_id));
      if (templates.length === 0) throw invalidParameter(`No template named ${String(params.name)}${params.hsm_id !== undefined ? ` with hsm_id ${String(params.hsm_id)}` : ''} in this WhatsApp Business Account`);
      const disabled = templates.find((t) => t.status === 'DISABLED');
      if (disabled) throw invalidParameter(`Template ${disabled.id} is DISABLED and cannot be deleted`);
      for (const t of templates) {
        const wasApproved = t.status === 'APPROVED' || t.status === 'PAUSED' || t.status === 'PENDING_DELETION';
        const nameHeldUntil = wasApproved ? now + NAME_HOLD_MS : null;
        // Messages still on their way keep the template PENDING_DELETION while they are retried, up to 30 days (spec §3.3).
        if (t.status !== 'PENDING_DELETION' && (await countUndeliveredTemplateMessages(trx, businessId, t, now - NAME_HOLD_MS)) > 0) {
          const pending: TemplateRecord = { ...t, status: 'PENDING_DELETION', updatedAt: now, nameHeldUntil };
          await sql.saveTemplate(trx, pending);
          await this.#record(trx, businessId, [deletionEvent(pending, now)]);
          await enqueue(trx, { clock: this.#o.clock, definition: finishDeletion, payload: { templateId: t.id }, runAt: now + NAME_HOLD_MS });
          continue;
        }
        const deleted: TemplateRecord = { ...t, status: 'DELETED', deletedAt: now, updatedAt: now, nameHeldUntil };
        await sql.saveTemplate(trx, deleted);
        await this.#record(trx, businessId, [deletionEvent(deleted, now)]);
      }
    });
  }

  /** The `template.finish_deletion` job: a PENDING_DELETION template is gone once its messages had their 30 days. */
  async finishDeletion(templateId: string): Promise<void> {
    const template = await sql.findTemplateOnPlatform(this.#o.store.db, templateId);
    if (!template || template.status !== 'PENDING_DELETION') return;
    const now = this.#o.clock.now();
    const deleted: TemplateRecord = { ...template, status: 'DELETED', deletedAt: now, updatedAt: now };
    await this.#o.store.transaction(async (trx) => {
      if (await sql.saveTemplate(trx, deleted, 'PENDING_DELETION')) await this.#record(trx, template.businessId, [deletionEvent(deleted, now)]);
    });
  }

  /** `POST /{template-id}/unpause`. */
  async unpause(businessId: BusinessId, id: string): Promise<void> {
    const template = await this.get(businessId, id);
    if (template.status !== 'PAUSED') throw invalidParameter(`Template ${id} is ${template.status}, not PAUSED`);
    await this.apply({ wabaId: template.wabaId, field: 'message_template_status_update', value: unpauseEvent(template) });
  }

  /** The `template.submit` job. */
  async submit(templateId: string, reviewer: TemplateReviewer): Promise<void> {
    const template = await sql.findTemplateOnPlatform(this.#o.store.db, templateId);
    if (!template || template.status !== 'PENDING') return;
    await reviewer.submitTemplate({ id: template.id, wabaId: template.wabaId, submittedAt: template.updatedAt });
  }

  /**
   * What Meta's side reports about a template (status, category, quality), applied to the stored
   * template, posted to the business and written to its history in one transaction. A change that
   * no longer applies, or changes nothing (a repeated webhook, a job run twice), is dropped. Each
   * change is based on the template as it is: one that raced another is worked out again.
   */
  async apply(change: UpstreamChange & { field: TemplateChange['field'] }): Promise<void> {
    const id = String(change.value.message_template_id ?? '');
    const templateChange = { field: change.field, value: change.value } as TemplateChange;
    for (let attempt = 0; attempt < APPLY_ATTEMPTS; attempt++) {
      const template = await sql.findTemplateOnPlatform(this.#o.store.db, id);
      if (!template) return;
      const now = this.#o.clock.now();
      const next = applyTemplateChange(template, templateChange, now);
      const events = next ? changeEvents(template, next, templateChange, now) : [];
      if (!next || events.length === 0) return;
      const routes = await this.#o.webhooks.routesFor(template.businessId, template.wabaId);
      const saved = await this.#o.committer.submit(async (trx) => {
        if (!(await sql.saveTemplate(trx, next, { status: template.status, updatedAt: template.updatedAt }))) return false;
        await this.#record(trx, template.businessId, events);
        await this.#o.webhooks.publish(trx, { routes, businessId: template.businessId, wabaId: template.wabaId, field: change.field, value: change.value });
        return true;
      });
      if (saved) return;
    }
  }

  /**
   * `GET /console/api/templates/:id/history`: every change of the template, newest first, and
   * where it stands with quality pauses. A deleted template's history stays readable; another
   * business's template is not found.
   */
  async history(businessId: BusinessId, id: string): Promise<{ events: TemplateEvent[]; pause: PauseState | undefined }> {
    if (!(await sql.templateBelongsTo(this.#o.store.db, businessId, id))) throw objectNotFound(id);
    const [events, template] = await Promise.all([sql.listTemplateEvents(this.#o.store.db, businessId, id, HISTORY_LIMIT), sql.findTemplate(this.#o.store.db, businessId, id)]);
    return { events, pause: template && pauseStateOf(template) };
  }

  /** Appends to the status history, in the transaction of the change it records. */
  #record(trx: Executor, businessId: BusinessId, events: readonly NewTemplateEvent[]): Promise<void> {
    return sql.insertTemplateEvents(trx, { businessId, events, newId: () => newGraphId(this.#o.clock) });
  }

  /** A template as Meta's side sees it (the reviewer): by id alone. */
  platformTemplate(id: string): Promise<TemplateRecord | undefined> {
    return sql.findTemplateOnPlatform(this.#o.store.db, id);
  }

  /** The other live templates of a WABA, for the duplicate-wording rule. */
  async others(wabaId: string, except: { name: string; language: string }): Promise<TemplateRecord[]> {
    return (await sql.listLive(this.#o.store.db, wabaId)).filter((t) => !(t.name === except.name && t.language === except.language));
  }

  /**
   * The synchronous checks of a template send (spec §9's order): the template exists and is
   * approved in that language (132001, 132015 paused, 132016 disabled), then its parameters.
   */
  async checkSend(input: { wabaId: string; content: unknown }): Promise<TemplateSendOutcome> {
    const outcome = await this.evaluateSend(input);
    if ('error' in outcome) throw new GraphError(outcome.error, outcome.details);
    return outcome;
  }

  /** `checkSend` as Meta's side uses it at hand-over: a refusal is an outcome, which fails the message. */
  async evaluateSend(input: { wabaId: string; content: unknown }): Promise<TemplateSendOutcome | { error: GraphErrorName; details: string }> {
    const content = input.content as { name: string; language: { code: string }; components?: unknown };
    const [template] = await sql.findByName(this.#o.store.db, input.wabaId, content.name, content.language.code);
    if (template?.status === 'PAUSED') return { error: 'templatePaused', details: `Template ${content.name} is paused because of low quality until ${new Date(template.pausedUntil ?? 0).toISOString()}` };
    if (template?.status === 'DISABLED') return { error: 'templateDisabled', details: `Template ${content.name} is disabled after repeated low quality` };
    // Only an approved template is sent; pending, rejected and deleting ones do not exist for sending.
    if (!template || template.status !== 'APPROVED') {
      return { error: 'templateNotFound', details: `template name (${content.name}) does not exist in ${content.language.code}${template ? ` (it is ${template.status})` : ''}` };
    }
    const check = checkTemplateSend({ template: definitionOf(template), components: asSendComponents(content.components) });
    return 'error' in check ? check : { template, rendered: check.rendered };
  }
}

export interface TemplateSendOutcome {
  readonly template: TemplateRecord;
  readonly rendered: Rendered;
}

function unpauseEvent(t: TemplateRecord): Record<string, unknown> {
  return {
    event: 'APPROVED',
    message_template_id: Number(t.id),
    message_template_name: t.name,
    message_template_language: t.language,
    reason: 'NONE',
    message_template_category: t.category,
    other_info: { title: 'UNPAUSE', description: `Your ${t.name} template has been unpaused.` },
  };
}
