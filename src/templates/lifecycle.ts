import { EDIT_SPACING_MS, EDIT_WINDOW_MS, EDITS_PER_30_DAYS, PAUSE_DURATIONS_MS, type TemplateRecord, type TemplateStatus } from './record.js';
import type { TemplateCategory } from '../rules/templates/index.js';

/** Pure rules of a template's life: what may be edited, and how a reported change moves it. */

/** Why an edit is refused (spec §3.3), or undefined when it may go ahead. */
export function editProblem(template: TemplateRecord, body: Record<string, unknown>, now: number): string | undefined {
  if (!['APPROVED', 'REJECTED', 'PAUSED'].includes(template.status)) {
    return `Only APPROVED, REJECTED or PAUSED templates can be edited; template ${template.id} is ${template.status}`;
  }
  if (body.components === undefined && body.category === undefined && body.message_send_ttl_seconds === undefined) {
    return 'Nothing to edit: send components, category or message_send_ttl_seconds';
  }
  for (const key of Object.keys(body)) {
    if (['name', 'language'].includes(key) && body[key] !== (key === 'name' ? template.name : template.language)) return `${key} cannot be edited; create a new template instead`;
  }
  if (template.status !== 'APPROVED') return undefined;
  if (body.category !== undefined && String(body.category).toUpperCase() !== template.category) {
    return 'The category of an APPROVED template cannot be edited';
  }
  const recent = template.editTimes.filter((t) => t > now - EDIT_WINDOW_MS);
  if (recent.length >= EDITS_PER_30_DAYS) return `An APPROVED template can be edited ${EDITS_PER_30_DAYS} times in 30 days; this one has been`;
  const last = recent.at(-1);
  if (last !== undefined && now - last < EDIT_SPACING_MS) {
    return `An APPROVED template can be edited once in 24 hours; the next edit is possible from ${new Date(last + EDIT_SPACING_MS).toISOString()}`;
  }
  return undefined;
}

export type TemplateChange =
  | { field: 'message_template_status_update'; value: Record<string, unknown> }
  | { field: 'template_category_update'; value: Record<string, unknown> }
  | { field: 'message_template_quality_update'; value: Record<string, unknown> };

const templateFields: readonly string[] = ['message_template_status_update', 'template_category_update', 'message_template_quality_update'];
export const isTemplateField = (field: string): field is TemplateChange['field'] => templateFields.includes(field);

const statusOfEvent: Partial<Record<string, TemplateStatus>> = {
  APPROVED: 'APPROVED',
  REJECTED: 'REJECTED',
  PAUSED: 'PAUSED',
  DISABLED: 'DISABLED',
  PENDING_DELETION: 'PENDING_DELETION',
  DELETED: 'DELETED',
};

/** The template after a change Meta's side reported, or undefined when the change does not apply to it. */
export function applyTemplateChange(template: TemplateRecord, change: TemplateChange, now: number): TemplateRecord | undefined {
  const v = change.value;
  switch (change.field) {
    case 'message_template_status_update': {
      // FLAGGED warns of low quality; the template stays as it is (and the warning goes into its history).
      if (v.event === 'FLAGGED') return { ...template, updatedAt: now };
      const status = statusOfEvent[String(v.event)];
      if (!status) return undefined;
      const info = v.rejection_info as TemplateRecord['rejectionInfo'] | undefined;
      const category = typeof v.message_template_category === 'string' ? (v.message_template_category as TemplateCategory) : template.category;
      return {
        ...template,
        status,
        category,
        rejectedReason: status === 'REJECTED' ? String(v.reason ?? 'NONE') : null,
        rejectionInfo: status === 'REJECTED' ? (info ?? null) : null,
        ...pauseOf(template, status, v.other_info, now),
        updatedAt: now,
      };
    }
    case 'template_category_update': {
      const next = v.new_category as TemplateCategory | undefined;
      if (!next) return undefined;
      if (v.correct_category && next === template.category) return { ...template, correctCategory: v.correct_category as TemplateCategory, updatedAt: now };
      // A completed change the template already went through (a repeated webhook) changes nothing.
      if (next === template.category) return undefined;
      // Meta clears the TTL when it recategorises a template (spec §3.6).
      return { ...template, category: next, previousCategory: template.category, correctCategory: null, messageSendTtlSeconds: null, updatedAt: now };
    }
    case 'message_template_quality_update': {
      const score = v.new_quality_score as TemplateRecord['qualityScore'] | undefined;
      return score ? { ...template, qualityScore: score, qualityUpdatedAt: now, updatedAt: now } : undefined;
    }
  }
}

/** A quality pause counts, and lasts as long as its title says; any other status ends a pause. */
function pauseOf(template: TemplateRecord, status: TemplateStatus, otherInfo: unknown, now: number): Pick<TemplateRecord, 'pauseCount' | 'pausedUntil'> {
  if (status !== 'PAUSED') return { pauseCount: template.pauseCount, pausedUntil: null };
  const title = (otherInfo as { title?: unknown } | undefined)?.title;
  const duration = title === 'SECOND_PAUSE' ? PAUSE_DURATIONS_MS.SECOND_PAUSE : PAUSE_DURATIONS_MS.FIRST_PAUSE;
  return { pauseCount: template.pauseCount + 1, pausedUntil: now + duration };
}
