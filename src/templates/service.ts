import { Type } from '@sinclair/typebox';
import type { AccountsService } from '../accounts/service.js';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter, objectNotFound, type GraphErrorName } from '../core/graph-errors.js';
import { newGraphId } from '../core/ids.js';
import type { Page, PageRequest } from '../core/paging.js';
import type { Executor, Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { registerGraphObject } from '../store/graph-objects.js';
import { defineJob, type JobRunner } from '../store/queue.js';
import type { UploadsService } from '../media/uploads.js';
import type { Upstream, UpstreamChange, UpstreamTemplate } from '../upstream/types.js';
import type { WebhooksService } from '../webhooks/service.js';
import { changeEvents, creationEvent, deletionEvent, editEvent, pauseStateOf, type NewTemplateEvent, type PauseState, type TemplateEvent } from './history.js';
import { type TemplateChange, applyTemplateChange } from './lifecycle.js';
import {
  asSendComponents,
  checkTemplateSend,
  CREATIONS_PER_HOUR,
  createPayloadError,
  editProblem,
  editTimesAfterEdit,
  lintTemplate,
  NAME_HOLD_MS,
  parseTemplateCreate,
  type Finding,
  type ParameterFormat,
  type QualityScore,
  type Rendered,
  type TemplateCategory,
  type TemplateComponent,
  type TemplateDefinition,
  type TemplateStatus,
} from '../rules/templates/index.js';
import { definitionOf, newRecord, TEMPLATES_PER_WABA, type TemplateRecord } from './record.js';
import * as sql from './store.js';

/**
 * Jobs of earlier versions. Handing a template to review and ending a deletion are Meta's work
 * now: migration 026 copied every template to Meta's side (sim_templates) and turned the queued
 * jobs into the simulator's own, which decide from its copy and report through the sink. One
 * written after the migration by a process of the previous version (a rolling upgrade) is for a
 * template Meta's side never saw, and chatapp can ask Meta only through the port, which has no
 * way to re-submit a template under the id it already has: it is let go, not retried forever.
 */
const legacyJobs = ['template.submit', 'template.finish_deletion'].map((kind) =>
  defineJob({ kind, payload: Type.Object({ templateId: Type.String() }), maxAttempts: 20, backoff: { baseMs: 1_000, maxMs: 300_000 }, timeoutMs: 15_000 }),
);

/** Registers the no-op handlers of the legacy template jobs (see `legacyJobs`). */
export function registerLegacyTemplateJobs(runner: Pick<JobRunner, 'register'>): void {
  for (const job of legacyJobs) runner.register(job, async () => {});
}

/** What templates ask of Meta's side: the management API (spec §3). */
export type TemplatesUpstream = Pick<Upstream, 'createTemplate' | 'editTemplate' | 'deleteTemplate' | 'unpauseTemplate' | 'getTemplate' | 'listTemplates'>;

export interface TemplatesServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly committer: GroupCommitter;
  readonly accounts: AccountsService;
  readonly webhooks: WebhooksService;
  /** Media headers' examples are Resumable Upload handles of the business. */
  readonly uploads: Pick<UploadsService, 'use'>;
  /** Meta's side: it names, reviews, pauses and deletes templates; chatapp keeps a mirror. */
  readonly upstream: TemplatesUpstream;
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
 * Message templates, as a BSP keeps them: the management API's rules checked first (limits, names,
 * edits, deletion), then asked of Meta's side through the port; a mirror of Meta's copy, updated
 * from the port's answers and from what Meta's side reports through the sink (applied, then posted
 * to the business's webhooks); and the checks a template send must pass, on the mirror.
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

  /**
   * `POST /{waba-id}/message_templates`: chatapp's own checks first (format, lint, handles, the
   * WABA's limits, names), answering every problem at once; then Meta's side names the template
   * and puts it in review, and the mirror keeps it under the id and status Meta answered.
   */
  async create(businessId: BusinessId, wabaId: string, body: unknown): Promise<TemplateRecord> {
    const parsed = parseTemplateCreate(body);
    if ('findings' in parsed) throw createPayloadError(parsed.findings);
    const definition = parsed.template;
    const findings = lintTemplate(definition, { existing: await this.others(wabaId, definition) });
    if (findings.length > 0) throw createPayloadError(findings);
    await this.#checkHandles(businessId, definition);
    const now = this.#o.clock.now();
    await this.#checkRoom(businessId, wabaId, definition, now);
    // Outside any transaction of chatapp's: Meta's side answers over the wire (or, in process, writes its own tables).
    const answer = await this.#o.upstream.createTemplate(wabaId, { ...definition });
    const template: TemplateRecord = {
      ...newRecord({ id: answer.id, businessId, wabaId, definition, now }),
      status: answer.status as TemplateStatus,
      category: answer.category as TemplateCategory,
    };
    await this.#o.store.transaction(async (trx) => {
      await sql.insertTemplate(trx, template);
      await this.#record(trx, businessId, [creationEvent(template)]);
      await registerGraphObject(trx, { id: template.id, kind: 'template', businessId });
    });
    return template;
  }

  /** The management API's limits on creating a template in the WABA (spec §3.3), as the mirror knows them. */
  async #checkRoom(businessId: BusinessId, wabaId: string, definition: TemplateDefinition, now: number): Promise<void> {
    const db = this.#o.store.db;
    const [sameName, heldUntil, live, recent, limit] = await Promise.all([
      sql.findByName(db, wabaId, definition.name, definition.language),
      sql.nameHeldUntil(db, wabaId, definition.name, now),
      sql.countLive(db, wabaId),
      sql.countCreatedSince(db, wabaId, now - HOUR),
      this.#limit(businessId),
    ]);
    if (sameName.length > 0) {
      throw invalidParameter(`name: a template named ${definition.name} already exists in ${definition.language}; edit it or choose another name`);
    }
    if (heldUntil !== undefined) {
      throw invalidParameter(`name: ${definition.name} belonged to an approved template deleted less than 30 days ago; it can be reused from ${new Date(heldUntil).toISOString()}`);
    }
    if (live >= limit) {
      throw invalidParameter(`This WhatsApp Business Account already has ${limit} templates, its limit${limit === TEMPLATES_PER_WABA.unverified ? ' until the business is verified' : ''}; delete some first`);
    }
    if (recent >= CREATIONS_PER_HOUR) {
      throw new GraphError('wabaRateLimit', `At most ${CREATIONS_PER_HOUR} templates can be created per WhatsApp Business Account per hour`);
    }
  }

  /**
   * Meta's sample template, `hello_world` (en_US), which Meta puts approved on every new WABA:
   * chatapp learns of it from Meta's list and mirrors it once. Deleted, Meta lists it no more.
   */
  ensureSample(businessId: BusinessId, wabaId: string): Promise<number> {
    return this.mirrorListed(businessId, wabaId, (t) => t.name === 'hello_world' && t.language === 'en_US');
  }

  /** The templates Meta lists for the WABA that the mirror lacks (a WABA linked from Meta), mirrored as Meta answers them; how many were new. */
  async mirrorListed(businessId: BusinessId, wabaId: string, which: (t: UpstreamTemplate) => boolean = () => true): Promise<number> {
    let added = 0;
    for (const listed of (await this.#o.upstream.listTemplates(wabaId)).filter(which)) {
      if (await sql.templateKnown(this.#o.store.db, listed.id)) continue;
      const template = mirrorOf(listed, { businessId, wabaId, now: this.#o.clock.now() });
      await this.#o.store.transaction(async (trx) => {
        if (await sql.templateKnown(trx, template.id)) return;
        await sql.insertTemplate(trx, template);
        await this.#record(trx, businessId, [creationEvent(template)]);
        await registerGraphObject(trx, { id: template.id, kind: 'template', businessId });
        added++;
      });
    }
    return added;
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

  /**
   * `POST /{template-id}`: Meta's edit rules (spec §3.3), checked first against the mirror; Meta's
   * side takes the edit and puts the template back in review, and the mirror follows.
   */
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
    const changes = Object.fromEntries(editableFields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
    await this.#o.upstream.editTemplate(id, changes, { wabaId: template.wabaId });
    await this.#mirrorEdit(template, parsed.template, now);
  }

  /** Meta has the edit: the mirror takes it too, over whatever the sink changed meanwhile. */
  async #mirrorEdit(template: TemplateRecord, definition: TemplateDefinition, now: number): Promise<void> {
    let current: TemplateRecord | undefined = template;
    for (let attempt = 0; attempt < APPLY_ATTEMPTS && current; attempt++) {
      const before: TemplateRecord = current;
      const edited: TemplateRecord = {
        ...before,
        category: definition.category,
        parameterFormat: definition.parameter_format,
        components: definition.components,
        messageSendTtlSeconds: definition.message_send_ttl_seconds ?? before.messageSendTtlSeconds,
        status: 'PENDING',
        rejectedReason: null,
        rejectionInfo: null,
        editTimes: editTimesAfterEdit(before, now),
        updatedAt: now,
      };
      const saved = await this.#o.store.transaction(async (trx) => {
        if (!(await sql.saveTemplate(trx, edited, { status: before.status, updatedAt: before.updatedAt }))) return false;
        await this.#record(trx, before.businessId, [editEvent(before, edited, now)]);
        return true;
      });
      if (saved) return;
      current = await sql.findTemplate(this.#o.store.db, before.businessId, before.id);
    }
  }

  /**
   * `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`: every language of a name, or one
   * template. Meta's side decides whether each is gone or PENDING_DELETION while its messages are
   * retried (spec §3.3); the mirror takes what Meta answers, and hears of the end through the sink.
   */
  async delete(businessId: BusinessId, wabaId: string, params: { name?: unknown; hsm_id?: unknown }): Promise<void> {
    if (typeof params.name !== 'string' || params.name === '') throw invalidParameter('name is required');
    const name = params.name;
    const hsmId = params.hsm_id !== undefined ? String(params.hsm_id) : undefined;
    let templates = (await sql.findByName(this.#o.store.db, wabaId, name)).filter((t) => t.businessId === businessId);
    if (hsmId !== undefined) templates = templates.filter((t) => t.id === hsmId);
    if (templates.length === 0) throw invalidParameter(`No template named ${name}${hsmId !== undefined ? ` with hsm_id ${hsmId}` : ''} in this WhatsApp Business Account`);
    const disabled = templates.find((t) => t.status === 'DISABLED');
    if (disabled) throw invalidParameter(`Template ${disabled.id} is DISABLED and cannot be deleted`);
    await this.#o.upstream.deleteTemplate(wabaId, { name, hsmId });
    const answers = await Promise.all(templates.map((t) => this.#o.upstream.getTemplate(t.id, { wabaId })));
    const now = this.#o.clock.now();
    await this.#o.store.transaction(async (trx) => {
      for (const [i, t] of templates.entries()) {
        const wasApproved = t.status === 'APPROVED' || t.status === 'PAUSED' || t.status === 'PENDING_DELETION';
        const nameHeldUntil = wasApproved ? now + NAME_HOLD_MS : t.nameHeldUntil;
        const pending = answers[i]?.status === 'PENDING_DELETION';
        const after: TemplateRecord = { ...t, status: pending ? 'PENDING_DELETION' : 'DELETED', deletedAt: pending ? null : now, updatedAt: now, nameHeldUntil };
        await sql.saveTemplate(trx, after);
        await this.#record(trx, businessId, [deletionEvent(after, now)]);
      }
    });
  }

  /** `POST /{template-id}/unpause`: asked of Meta's side; the unpause reaches the mirror through the sink. */
  async unpause(businessId: BusinessId, id: string): Promise<void> {
    const template = await this.get(businessId, id);
    if (template.status !== 'PAUSED') throw invalidParameter(`Template ${id} is ${template.status}, not PAUSED`);
    await this.#o.upstream.unpauseTemplate(id, { wabaId: template.wabaId });
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

  /**
   * `checkSend` as an outcome (a dry run reports a refusal instead of throwing it), on chatapp's
   * mirror. Meta's side decides again at hand-over on its own copy, and may fail the message.
   */
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

/** What an edit may change (spec §3.3); name and language never do. */
const editableFields = ['components', 'category', 'parameter_format', 'message_send_ttl_seconds'] as const;

/** A template Meta's side answered with, as a new mirror of it. */
function mirrorOf(t: UpstreamTemplate, at: { businessId: BusinessId; wabaId: string; now: number }): TemplateRecord {
  const definition: TemplateDefinition = {
    name: t.name,
    language: t.language,
    category: t.category as TemplateCategory,
    parameter_format: (t.parameter_format ?? 'POSITIONAL') as ParameterFormat,
    components: t.components as TemplateComponent[],
  };
  return {
    ...newRecord({ id: t.id, businessId: at.businessId, wabaId: at.wabaId, definition, now: at.now }),
    status: t.status as TemplateStatus,
    qualityScore: (t.quality_score?.score ?? 'UNKNOWN') as QualityScore,
    rejectedReason: t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : null,
  };
}
