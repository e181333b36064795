import type { Executor } from '../../store/database.js';
import type { SimTemplatesTable } from '../../store/schema.js';
import type { ParameterFormat, QualityScore, TemplateCategory, TemplateComponent, TemplateStatus } from '../../rules/templates/index.js';
import type { SimTemplate } from './template-model.js';

/** The sim_templates table's SQL: Meta's copy of each template. A deleted one keeps its row (status DELETED, `deleted_at`). */

const toTemplate = (row: SimTemplatesTable): SimTemplate => ({
  id: row.id,
  wabaId: row.waba_id,
  name: row.name,
  language: row.language,
  category: row.category as TemplateCategory,
  parameterFormat: row.parameter_format as ParameterFormat,
  components: JSON.parse(row.components) as TemplateComponent[],
  messageSendTtlSeconds: row.message_send_ttl_seconds,
  status: row.status as TemplateStatus,
  rejectedReason: row.rejected_reason,
  qualityScore: row.quality_score as QualityScore,
  pauseCount: row.pause_count,
  pausedUntil: row.paused_until === null ? null : Number(row.paused_until),
  editTimes: JSON.parse(row.edit_times) as number[],
  nameHeldUntil: row.name_held_until === null ? null : Number(row.name_held_until),
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
  deletedAt: row.deleted_at === null ? null : Number(row.deleted_at),
});

const toRow = (t: SimTemplate): SimTemplatesTable => ({
  id: t.id,
  waba_id: t.wabaId,
  name: t.name,
  language: t.language,
  category: t.category,
  parameter_format: t.parameterFormat,
  components: JSON.stringify(t.components),
  message_send_ttl_seconds: t.messageSendTtlSeconds,
  status: t.status,
  rejected_reason: t.rejectedReason,
  quality_score: t.qualityScore,
  pause_count: t.pauseCount,
  paused_until: t.pausedUntil,
  edit_times: JSON.stringify(t.editTimes),
  name_held_until: t.nameHeldUntil,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
  deleted_at: t.deletedAt,
});

export async function insertSimTemplate(db: Executor, template: SimTemplate): Promise<void> {
  await db.insertInto('sim_templates').values(toRow(template)).execute();
}

/**
 * Writes a template's state back, only while it still has the status (and, when given, the pause
 * count) it was read with: of two decisions racing on one template, one wins.
 */
export async function saveSimTemplate(db: Executor, template: SimTemplate, expect: { status: TemplateStatus; pauseCount?: number }): Promise<boolean> {
  const { id, waba_id: _w, created_at: _c, ...changes } = toRow(template);
  let query = db.updateTable('sim_templates').set(changes).where('id', '=', id).where('status', '=', expect.status);
  if (expect.pauseCount !== undefined) query = query.where('pause_count', '=', expect.pauseCount);
  const result = await query.executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A template by id, deleted ones included (their status says so). */
export async function findSimTemplate(db: Executor, id: string): Promise<SimTemplate | undefined> {
  const row = await db.selectFrom('sim_templates').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toTemplate(row);
}

/** The live templates of a WABA with this name (every language, or one). */
export async function findLiveByName(db: Executor, wabaId: string, name: string, language?: string): Promise<SimTemplate[]> {
  let query = db.selectFrom('sim_templates').selectAll().where('waba_id', '=', wabaId).where('name', '=', name).where('deleted_at', 'is', null);
  if (language !== undefined) query = query.where('language', '=', language);
  return (await query.orderBy('id').execute()).map(toTemplate);
}

/** Every live template of a WABA (bounded by the per-WABA limit). */
export async function listLiveTemplates(db: Executor, wabaId: string): Promise<SimTemplate[]> {
  return (await db.selectFrom('sim_templates').selectAll().where('waba_id', '=', wabaId).where('deleted_at', 'is', null).orderBy('id').execute()).map(toTemplate);
}

/** Whether the WABA has ever had a template of this name and language, deleted ones included. */
export async function everHadTemplate(db: Executor, wabaId: string, name: string, language: string): Promise<boolean> {
  const row = await db.selectFrom('sim_templates').select('id').where('waba_id', '=', wabaId).where('name', '=', name).where('language', '=', language).executeTakeFirst();
  return row !== undefined;
}

/** Until when a deleted approved template holds this name, if one does. */
export async function nameHeldUntil(db: Executor, wabaId: string, name: string, now: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('sim_templates')
    .select((eb) => eb.fn.max('name_held_until').as('until'))
    .where('waba_id', '=', wabaId)
    .where('name', '=', name)
    .where('name_held_until', '>', now)
    .executeTakeFirst();
  return row?.until == null ? undefined : Number(row.until);
}

export async function countCreatedSince(db: Executor, wabaId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('sim_templates')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('waba_id', '=', wabaId)
    .where('created_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Messages of the template the platform still tries to deliver (not yet delivered, read or failed). */
export async function countUndelivered(db: Executor, templateId: string, since: number): Promise<number> {
  const row = await db
    .selectFrom('sim_template_sends')
    .innerJoin('sim_messages', 'sim_messages.id', 'sim_template_sends.message_id')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('sim_template_sends.template_id', '=', templateId)
    .where('sim_template_sends.created_at', '>=', since)
    .where('sim_messages.status', 'in', ['pending', 'sent'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
