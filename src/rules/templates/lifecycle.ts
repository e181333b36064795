/**
 * The management API's rules of a template's life (spec §3.3): which statuses there are, what may
 * be edited and how often, how long a deleted name stays taken. Meta's side enforces them;
 * chatapp checks them first against its mirror, to answer with every problem before asking.
 */

/** Statuses of spec §3.4 that templates pass through here. Only APPROVED can be sent. */
export const templateStatuses = ['PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED', 'PENDING_DELETION', 'DELETED'] as const;
export type TemplateStatus = (typeof templateStatuses)[number];

const DAY = 24 * 3600 * 1000;
/** A deleted approved template's name cannot be reused for 30 days; undelivered messages are retried as long (spec §3.3). */
export const NAME_HOLD_MS = 30 * DAY;
/** An approved template may be edited 10 times in 30 days, once in 24 hours (spec §3.3). */
export const EDITS_PER_30_DAYS = 10;
export const EDIT_WINDOW_MS = 30 * DAY;
export const EDIT_SPACING_MS = DAY;
/** Creations per WABA per hour (spec §3.3). */
export const CREATIONS_PER_HOUR = 100;

/** What the edit rules read of a template. */
export interface EditableTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: string;
  /** Edits of the last 30 days. */
  readonly editTimes: readonly number[];
}

/** Why an edit is refused (spec §3.3), or undefined when it may go ahead. */
export function editProblem(template: EditableTemplate, body: Record<string, unknown>, now: number): string | undefined {
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
  const recent = editsWithinWindow(template.editTimes, now);
  if (recent.length >= EDITS_PER_30_DAYS) return `An APPROVED template can be edited ${EDITS_PER_30_DAYS} times in 30 days; this one has been`;
  const last = recent.at(-1);
  if (last !== undefined && now - last < EDIT_SPACING_MS) {
    return `An APPROVED template can be edited once in 24 hours; the next edit is possible from ${new Date(last + EDIT_SPACING_MS).toISOString()}`;
  }
  return undefined;
}

/** The edits that still count against the limit. */
export const editsWithinWindow = (editTimes: readonly number[], now: number): number[] => editTimes.filter((t) => t > now - EDIT_WINDOW_MS);

/** The edit times after an edit now: only an approved template's edits count (spec §3.3). */
export const editTimesAfterEdit = (template: Pick<EditableTemplate, 'status' | 'editTimes'>, now: number): number[] =>
  template.status === 'APPROVED' ? [...template.editTimes, now] : [...template.editTimes];
