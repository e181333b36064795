import type { BusinessId } from '../core/brand.js';
import { settlePage, type Page, type PageRequest } from '../core/paging.js';
import type { Executor } from '../store/database.js';
import type { MessageTemplatesTable } from '../store/schema.js';
import type { QualityScore, TemplateRecord, TemplateStatus } from './record.js';
import type { ParameterFormat, TemplateCategory, TemplateComponent } from './model/index.js';

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

/** Writes a template's whole state back; `expectStatus` guards against a concurrent change. */
export async function saveTemplate(db: Executor, template: TemplateRecord, expectStatus?: TemplateStatus): Promise<boolean> {
  const { id, business_id: _b, waba_id: _w, created_at: _c, ...changes } = toRow(template);
  let query = db.updateTable('message_templates').set(changes).where('id', '=', id);
  if (expectStatus) query = query.where('status', '=', expectStatus);
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

/** By id alone, for Meta's side (the reviewer, quality signals). */
export async function findTemplateOnPlatform(db: Executor, id: string): Promise<TemplateRecord | undefined> {
  const row = await db.selectFrom('message_templates').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row && toRecord(row);
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
