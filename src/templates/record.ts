import type { BusinessId } from '../core/brand.js';
import type { ParameterFormat, QualityScore, TemplateCategory, TemplateComponent, TemplateDefinition, TemplateStatus } from '../rules/templates/index.js';

// The statuses, the quality ladder and the edit rules are Meta's, shared with the simulator (src/rules/templates).
export { pauseStep, templateStatuses, type PauseStep, type QualityScore, type TemplateStatus } from '../rules/templates/index.js';

/**
 * A template as chatapp keeps it: its mirror of Meta's copy (definition, status, category, quality,
 * pauses), updated from the port's answers and the sink, plus chatapp's own record of its edits and
 * deletion.
 */
export interface TemplateRecord {
  readonly id: string;
  readonly businessId: BusinessId;
  readonly wabaId: string;
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly previousCategory: TemplateCategory | null;
  readonly correctCategory: TemplateCategory | null;
  readonly parameterFormat: ParameterFormat;
  readonly components: TemplateComponent[];
  readonly messageSendTtlSeconds: number | null;
  readonly status: TemplateStatus;
  readonly rejectedReason: string | null;
  readonly rejectionInfo: { reason: string; recommendation: string } | null;
  readonly qualityScore: QualityScore;
  readonly qualityUpdatedAt: number | null;
  readonly pauseCount: number;
  readonly pausedUntil: number | null;
  /** Edits of the last 30 days (spec §3.3 counts them). */
  readonly editTimes: number[];
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deletedAt: number | null;
  /** Set when an approved template is deleted: its name cannot be reused until then. */
  readonly nameHeldUntil: number | null;
}

/** Templates a WABA may hold: 250 until the business is verified, 6,000 after (spec §3.3). */
export const TEMPLATES_PER_WABA = { unverified: 250, verified: 6_000 } as const;

/** The Graph fields a template answers with when the request names none (as Meta lists them). */
export const defaultTemplateFields = ['name', 'parameter_format', 'components', 'language', 'status', 'category', 'id'] as const;

/** A template as Graph presents it; `fields` picks among these later. */
export function presentTemplate(t: TemplateRecord): Record<string, unknown> {
  return {
    name: t.name,
    parameter_format: t.parameterFormat,
    components: t.components,
    language: t.language,
    status: t.status,
    category: t.category,
    id: t.id,
    // Known fields without a value are left out of the JSON (undefined) but may still be asked for.
    previous_category: t.previousCategory ?? undefined,
    correct_category: t.correctCategory ?? undefined,
    rejected_reason: t.rejectedReason ?? 'NONE',
    rejection_info: t.rejectionInfo ?? undefined,
    quality_score: { score: t.qualityScore, date: Math.floor((t.qualityUpdatedAt ?? t.createdAt) / 1000) },
    message_send_ttl_seconds: t.messageSendTtlSeconds ?? undefined,
  };
}

export const definitionOf = (t: TemplateRecord): TemplateDefinition => ({
  name: t.name,
  language: t.language,
  category: t.category,
  parameter_format: t.parameterFormat,
  components: t.components,
  ...(t.messageSendTtlSeconds !== null ? { message_send_ttl_seconds: t.messageSendTtlSeconds } : {}),
});

export function newRecord(input: { id: string; businessId: BusinessId; wabaId: string; definition: TemplateDefinition; now: number }): TemplateRecord {
  const { definition: d, now } = input;
  return {
    id: input.id,
    businessId: input.businessId,
    wabaId: input.wabaId,
    name: d.name,
    language: d.language,
    category: d.category,
    previousCategory: null,
    correctCategory: null,
    parameterFormat: d.parameter_format,
    components: d.components,
    messageSendTtlSeconds: d.message_send_ttl_seconds ?? null,
    status: 'PENDING',
    rejectedReason: null,
    rejectionInfo: null,
    qualityScore: 'UNKNOWN',
    qualityUpdatedAt: null,
    pauseCount: 0,
    pausedUntil: null,
    editTimes: [],
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
    nameHeldUntil: null,
  };
}
