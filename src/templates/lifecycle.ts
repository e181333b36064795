import { PAUSE_DURATIONS_MS, type TemplateCategory } from '../rules/templates/index.js';
import type { TemplateRecord, TemplateStatus } from './record.js';

/**
 * How a change Meta's side reported moves chatapp's mirror of a template. (What may be edited is
 * Meta's rule, shared with the simulator: src/rules/templates/lifecycle.ts.)
 */

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
        // The end of a deletion that waited for the template's messages (spec §3.3).
        deletedAt: status === 'DELETED' ? (template.deletedAt ?? now) : template.deletedAt,
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
