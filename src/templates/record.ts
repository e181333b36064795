import type { BusinessId } from '../core/brand.js';
import type { ParameterFormat, TemplateCategory, TemplateComponent, TemplateDefinition } from '../rules/templates/index.js';

/** Statuses of spec §3.4 that chatapp's templates pass through. Only APPROVED can be sent. */
export const templateStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED', 'PENDING_DELETION', 'DELETED'] as const;
export type TemplateStatus = (typeof templateStatuses)[number];

export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

/** A template as chatapp stores it: Meta's definition plus its life on the platform. */
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

const DAY = 24 * 3600 * 1000;
/** A deleted approved template's name cannot be reused for 30 days (spec §3.3). */
export const NAME_HOLD_MS = 30 * DAY;
/** An approved template may be edited 10 times in 30 days, once in 24 hours (spec §3.3). */
export const EDITS_PER_30_DAYS = 10;
export const EDIT_WINDOW_MS = 30 * DAY;
export const EDIT_SPACING_MS = DAY;
/** A template that reaches RED quality is paused 3 hours the first time, 6 the second (spec §3.4). */
export const PAUSE_DURATIONS_MS = { FIRST_PAUSE: 3 * 3600 * 1000, SECOND_PAUSE: 6 * 3600 * 1000 } as const;

export type PauseStep = { status: 'PAUSED'; title: 'FIRST_PAUSE' | 'SECOND_PAUSE'; durationMs: number } | { status: 'DISABLED' };

/** What reaching RED does to an approved template that has been paused `pauseCount` times before. */
export function pauseStep(pauseCount: number): PauseStep {
  if (pauseCount === 0) return { status: 'PAUSED', title: 'FIRST_PAUSE', durationMs: PAUSE_DURATIONS_MS.FIRST_PAUSE };
  if (pauseCount === 1) return { status: 'PAUSED', title: 'SECOND_PAUSE', durationMs: PAUSE_DURATIONS_MS.SECOND_PAUSE };
  return { status: 'DISABLED' };
}
/** Templates a WABA may hold: 250 until the business is verified, 6,000 after (spec §3.3). */
export const TEMPLATES_PER_WABA = { unverified: 250, verified: 6_000 } as const;
/** Creations per WABA per hour (spec §3.3). */
export const CREATIONS_PER_HOUR = 100;

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

/** The sample every WABA starts with, worded as Meta's. */
export const SAMPLE_TEMPLATE: TemplateDefinition = {
  name: 'hello_world',
  language: 'en_US',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
    {
      type: 'BODY',
      text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.',
    },
    { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
  ],
};

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
