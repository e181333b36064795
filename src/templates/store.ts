import type { BusinessId } from '../core/brand.js';
import { settlePage, type Page, type PageRequest } from '../core/paging.js';
import type { Executor } from '../store/database.js';
import type { MessageTemplatesTable, TemplateEventsTable } from '../store/schema.js';
import type { NewTemplateEvent, TemplateEvent, TemplateEventDetail, TemplateEventKind } from './history.js';
import type { TemplateRecord } from './record.js';
import type { ParameterFormat, QualityScore, TemplateCategory, TemplateComponent, TemplateStatus } from '../rules/templates/index.js';

/** The message_templates table's SQL. Deleted rows stay (status DELETED) and are filtered here. */

const toRecord = (row: MessageTemplatesTable): TemplateRecord => ({
  id: row.id,
  businessId: row.business_id as BusinessId,
  wabaId: row.waba_id,
  name: row.name,
  language: row.language,
  category: row.category as TemplateCategory,
  previousCategory: row.previous_category as TemplateCategory | null,
  correctCategory: row.correct_category as TemplateCategory | null,
  parameterFormat: row.parameter_format as ParameterFormat,
  components: JSON.parse(row.components) as TemplateComponent[],
  messageSendTtlSeconds: row.message_send_ttl_seconds,
  status: row.status as TemplateStatus,
  rejectedReason: row.rejected_reason,
  rejectionInfo: row.rejection_info === null ? null : (JSON.parse(row.rejection_info) as TemplateRecord['rejectionInfo']),
  qualityScore: row.quality_score as QualityScore,
  qualityUpdatedAt: row.quality_updated_at,
  pauseCount: row.pause_count,
  pausedUntil: row.paused_until,
  editTimes: JSON.parse(row.edit_times) as number[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deletedAt: row.deleted_at,
  nameHeldUntil: row.name_held_until,
});

const toRow = (t: TemplateRecord): MessageTemplatesTable => ({
  id: t.id,
  business_id: t.businessId,
  waba_id: t.wabaId,
  name: t.name,
  language: t.language,
  category: t.category,
  previous_category: t.previousCategory,
  correct_category: t.correctCategory,
  parameter_format: t.parameterFormat,
  components: JSON.stringify(t.components),
  message_send_ttl_seconds: t.messageSendTtlSeconds,
  status: t.status,
  rejected_reason: t.rejectedReason,
  rejection_info: t.rejectionInfo === null ? null : JSON.stringify(t.rejectionInfo),
  quality_score: t.qualityScore,
  quality_updated_at: t.qualityUpdatedAt,
  pause_count: t.pauseCount,
  paused_until: t.pausedUntil,
  edit_times: JSON.stringify(t.editTimes),
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  deleted_at: t.deletedAt,
  name_held_until: t.nameHeldUntil,
});

export async function insertTemplate(db: Executor, template: TemplateRecord): Promise<void> {
  await db.insertInto('message_templates').values(toRow(template)).execute();
}

/**
 * Writes a template's whole state back; `expect` guards against a concurrent change: the status it
 * was read with, or the status and `updated_at` (a change in the same millisecond goes unnoticed).
 */
export async function saveTemplate(db: Executor, template: TemplateRecord, expect?: TemplateStatus | { status: TemplateStatus; updatedAt: number }): Promise<boolean> {
  const { id, business_id: _b, waba_id: _w, created_at: _c, ...changes } = toRow(template);
  let query = db.updateTable('message_templates').set(changes).where('id', '=', id);
  if (typeof expect === 'string') query = query.where('status', '=', expect);
  else if (expect) query = query.where('status', '=', expect.status).where('updated_at', '=', expect.updatedAt);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A business's template by id; deleted ones are not found. */
export async function findTemplate(db: Executor, businessId: BusinessId, id: string): Promise<TemplateRecord | undefined> {
  const row = await db
    .selectFrom('message_templates')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return row && toRecord(row);
}

/** By id alone, for what Meta's side reports (its webhooks name a template by id only). */
export async function findTemplateOnPlatform(db: Executor, id: string): Promise<TemplateRecord | undefined> {
  const row = await db.selectFrom('message_templates').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row && toRecord(row);
}

/** Whether the mirror has a template of this id, deleted ones included (any business's: ids are Meta's). */
export async function templateKnown(db: Executor, id: string): Promise<boolean> {
  return (await db.selectFrom('message_templates').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The live templates of a WABA with this name (every language, or one). */
export async function findByName(db: Executor, wabaId: string, name: string, language?: string): Promise<TemplateRecord[]> {
  let query = db.selectFrom('message_templates').selectAll().where('waba_id', '=', wabaId).where('name', '=', name).where('deleted_at', 'is', null);
  if (language !== undefined) query = query.where('language', '=', language);
  return (await query.orderBy('id').execute()).map(toRecord);
}

/** Until when a deleted approved template holds this name, if one does. */
export async function nameHeldUntil(db: Executor, wabaId: string, name: string, now: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('message_templates')
    .select((eb) => eb.fn.max('name_held_until').as('until'))
    .where('waba_id', '=', wabaId)
    .where('name', '=', name)
    .where('name_held_until', '>', now)
    .executeTakeFirst();
  return row?.until == null ? undefined : Number(row.until);
}

export async function countLive(db: Executor, wabaId: string): Promise<number> {
  const row = await db
    .selectFrom('message_templates')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('waba_id', '=', wabaId)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countCreatedSince(db: Executor, wabaId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('message_templates')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('waba_id', '=', wabaId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TemplateFilter {
  readonly name?: string;
  readonly status?: string;
  readonly category?: string;
  readonly language?: string;
}

export async function pageTemplates(db: Executor, businessId: BusinessId, wabaId: string, filter: TemplateFilter, page: PageRequest): Promise<Page<TemplateRecord>> {
  let query = db.selectFrom('message_templates').selectAll().where('business_id', '=', businessId).where('waba_id', '=', wabaId).where('deleted_at', 'is', null);
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.category !== undefined) query = query.where('category', '=', filter.category);
  if (filter.language !== undefined) query = query.where('language', '=', filter.language);
  if (page.after) query = query.where('id', '>', page.after);
  if (page.before) query = query.where('id', '<', page.before);
  const rows = await query.orderBy('id', page.before ? 'desc' : 'asc').limit(page.limit + 1).execute();
  return settlePage(rows.map(toRecord), page);
}

/** Every live template of a WABA, for the duplicate check (bounded by the per-WABA limit). */
export async function listLive(db: Executor, wabaId: string): Promise<TemplateRecord[]> {
  return (await db.selectFrom('message_templates').selectAll().where('waba_id', '=', wabaId).where('deleted_at', 'is', null).execute()).map(toRecord);
}

/** Appends to templates' status history; `newId` orders events of the same millisecond. */
export async function insertTemplateEvents(db: Executor, input: { businessId: BusinessId; events: readonly NewTemplateEvent[]; newId: () => string }): Promise<void> {
  if (input.events.length === 0) return;
  await db
    .insertInto('template_events')
    .values(
      input.events.map((e) => ({
        id: input.newId(),
        business_id: input.businessId,
        template_id: e.templateId,
        event: e.event,
        status: e.status,
        category: e.category,
        quality_score: e.qualityScore,
        reason: e.reason,
        detail: JSON.stringify(e.detail),
        created_at: e.at,
      })),
    )
    .execute();
}

const toEvent = (row: TemplateEventsTable): TemplateEvent => ({
  id: row.id,
  templateId: row.template_id,
  event: row.event as TemplateEventKind,
  status: row.status as TemplateStatus,
  category: row.category as TemplateCategory,
  qualityScore: row.quality_score as QualityScore,
  reason: row.reason,
  detail: JSON.parse(row.detail) as TemplateEventDetail,
  at: row.created_at,
});

/** A template's history, newest first (bounded: a template changes a handful of times a month). */
export async function listTemplateEvents(db: Executor, businessId: BusinessId, templateId: string, limit: number): Promise<TemplateEvent[]> {
  const rows = await db
    .selectFrom('template_events')
    .selectAll()
    .where('business_id', '=', businessId)
    .where('template_id', '=', templateId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toEvent);
}

/** Whether the business has (or had: deleted ones count) a template of this id; its history outlives it. */
export async function templateBelongsTo(db: Executor, businessId: BusinessId, id: string): Promise<boolean> {
  const row = await db.selectFrom('message_templates').select('id').where('business_id', '=', businessId).where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}
