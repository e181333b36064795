import type { TemplateChange } from './lifecycle.js';
import { pauseStep, type QualityScore, type TemplateRecord, type TemplateStatus } from './record.js';
import type { TemplateCategory } from '../rules/templates/index.js';

/**
 * A template's status history: what changed its status, category or quality, when (sandbox
 * clock) and why. The events are derived here, purely, from the template before and after a
 * change; the service writes them in the change's own transaction.
 */

export const templateEventKinds = [
  'CREATED',
  'EDITED',
  'APPROVED',
  'REJECTED',
  'PAUSED',
  'UNPAUSED',
  'DISABLED',
  'FLAGGED',
  'PENDING_DELETION',
  'DELETED',
  'CATEGORY_CHANGED',
  'CATEGORY_CHANGE_NOTICE',
  'QUALITY_CHANGED',
] as const;
export type TemplateEventKind = (typeof templateEventKinds)[number];

/** The reasons and figures of one change; which are present depends on its kind. */
export interface TemplateEventDetail {
  readonly rejection_info?: { reason: string; recommendation: string };
  /** Meta's `other_info` of a pause or unpause: FIRST_PAUSE, SECOND_PAUSE, UNPAUSE… */
  readonly other_info?: { title?: string; description?: string };
  readonly disable_info?: { disable_date?: string };
  /** A pause: when it ends (ms) and which pause of the template it is. */
  readonly paused_until?: number;
  readonly pause_count?: number;
  readonly previous_category?: string;
  readonly new_category?: string;
  /** An impending recategorisation: the category the review says is right. */
  readonly correct_category?: string;
  readonly previous_quality_score?: string;
  readonly new_quality_score?: string;
  /** What a business edit changed: components, category, message_send_ttl_seconds. */
  readonly edited?: readonly string[];
}

export interface TemplateEvent {
  readonly id: string;
  readonly templateId: string;
  readonly event: TemplateEventKind;
  readonly status: TemplateStatus;
  readonly category: TemplateCategory;
  readonly qualityScore: QualityScore;
  readonly reason: string | null;
  readonly detail: TemplateEventDetail;
  readonly at: number;
}

/** An event before it has an id: the store assigns one. */
export type NewTemplateEvent = Omit<TemplateEvent, 'id'>;

const eventOf = (t: TemplateRecord, event: TemplateEventKind, at: number, extra: { reason?: string | null; detail?: TemplateEventDetail } = {}): NewTemplateEvent => ({
  templateId: t.id,
  event,
  status: t.status,
  category: t.category,
  qualityScore: t.qualityScore,
  reason: extra.reason ?? null,
  detail: extra.detail ?? {},
  at,
});

/** The first event of a template: submitted for review (or, for the sample, approved from the start). */
export function creationEvent(t: TemplateRecord): NewTemplateEvent {
  return eventOf(t, 'CREATED', t.createdAt);
}

/** A business edit: the template goes back to review (spec §3.3). */
export function editEvent(before: TemplateRecord, after: TemplateRecord, at: number): NewTemplateEvent {
  const edited = [
    JSON.stringify(before.components) !== JSON.stringify(after.components) ? 'components' : undefined,
    before.category !== after.category ? 'category' : undefined,
    before.messageSendTtlSeconds !== after.messageSendTtlSeconds ? 'message_send_ttl_seconds' : undefined,
  ].filter((e): e is string => e !== undefined);
  return eventOf(after, 'EDITED', at, { detail: { edited, ...(before.category !== after.category ? { previous_category: before.category, new_category: after.category } : {}) } });
}

/** A deletion by the business: PENDING_DELETION while its messages are retried, or DELETED. */
export function deletionEvent(after: TemplateRecord, at: number): NewTemplateEvent {
  return eventOf(after, after.status === 'PENDING_DELETION' ? 'PENDING_DELETION' : 'DELETED', at);
}

/**
 * What a change Meta's side reported did to the template, as history: its status event (with the
 * reason and the pause's end), a category change, a quality change, in that order. A change that
 * moved nothing yields nothing, so a repeated webhook adds no entry.
 */
export function changeEvents(before: TemplateRecord, after: TemplateRecord, change: TemplateChange, at: number): NewTemplateEvent[] {
  const v = change.value;
  const events: NewTemplateEvent[] = [];
  switch (change.field) {
    case 'message_template_status_update': {
      const status = statusEvent(before, after, v, at);
      if (status) events.push(status);
      break;
    }
    case 'template_category_update': {
      // An impending change (spec §3.5: a 24 h notice) names the correct category; the template keeps its own meanwhile.
      if (after.correctCategory !== null && after.correctCategory !== before.correctCategory) {
        events.push(eventOf(after, 'CATEGORY_CHANGE_NOTICE', at, { detail: { correct_category: after.correctCategory } }));
      }
      break;
    }
    case 'message_template_quality_update':
      break;
    default: {
      const never: never = change;
      throw new Error(`unknown template change ${String((never as { field: string }).field)}`);
    }
  }
  if (after.category !== before.category) {
    events.push(eventOf(after, 'CATEGORY_CHANGED', at, { detail: { previous_category: before.category, new_category: after.category } }));
  }
  if (after.qualityScore !== before.qualityScore) {
    events.push(eventOf(after, 'QUALITY_CHANGED', at, { detail: { previous_quality_score: before.qualityScore, new_quality_score: after.qualityScore } }));
  }
  return events;
}

function statusEvent(before: TemplateRecord, after: TemplateRecord, v: Record<string, unknown>, at: number): NewTemplateEvent | undefined {
  const otherInfo = v.other_info as TemplateEventDetail['other_info'] | undefined;
  const withOther = otherInfo ? { other_info: otherInfo } : {};
  // FLAGGED warns of low quality without changing what can be sent: it is history, not a status.
  if (v.event === 'FLAGGED') return eventOf(after, 'FLAGGED', at, { detail: withOther });
  if (after.status === before.status && after.rejectedReason === before.rejectedReason) return undefined;
  switch (after.status) {
    case 'APPROVED':
      return eventOf(after, before.status === 'PAUSED' ? 'UNPAUSED' : 'APPROVED', at, { detail: withOther });
    case 'REJECTED':
      return eventOf(after, 'REJECTED', at, { reason: after.rejectedReason, detail: after.rejectionInfo ? { rejection_info: after.rejectionInfo } : {} });
    case 'PAUSED':
      return eventOf(after, 'PAUSED', at, { detail: { ...withOther, ...(after.pausedUntil !== null ? { paused_until: after.pausedUntil } : {}), pause_count: after.pauseCount } });
    case 'DISABLED': {
      const disableInfo = v.disable_info as TemplateEventDetail['disable_info'] | undefined;
      return eventOf(after, 'DISABLED', at, { detail: { ...withOther, ...(disableInfo ? { disable_info: disableInfo } : {}), pause_count: after.pauseCount } });
    }
    case 'PENDING_DELETION':
    case 'DELETED':
      return eventOf(after, after.status, at);
    case 'PENDING':
      return eventOf(after, 'EDITED', at);
    default: {
      const never: never = after.status;
      throw new Error(`unknown template status ${String(never)}`);
    }
  }
}

/** Where a template stands with quality pauses (spec §3.4: 3 h, then 6 h, then disabled). */
export interface PauseState {
  readonly paused: boolean;
  /** When the current pause ends (ms), while paused. */
  readonly pausedUntil: number | null;
  readonly pauseCount: number;
  /** What reaching RED quality does next: a pause of `nextPauseMs`, or disabling the template; null once disabled. */
  readonly next: 'FIRST_PAUSE' | 'SECOND_PAUSE' | 'DISABLED' | null;
  readonly nextPauseMs: number | null;
}

export function pauseStateOf(t: TemplateRecord): PauseState {
  const paused = t.status === 'PAUSED';
  const step = pauseStep(t.pauseCount);
  return {
    paused,
    pausedUntil: paused ? t.pausedUntil : null,
    pauseCount: t.pauseCount,
    next: t.status === 'DISABLED' ? null : step.status === 'DISABLED' ? 'DISABLED' : step.title,
    nextPauseMs: t.status !== 'DISABLED' && step.status === 'PAUSED' ? step.durationMs : null,
  };
}
