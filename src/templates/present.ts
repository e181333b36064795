import { invalidParameter } from '../core/graph-errors.js';
import { parseFields, selectFields } from '../http/fields.js';
import type { PauseState, TemplateEvent } from './history.js';
import { templateCategories } from '../rules/templates/index.js';
import { defaultTemplateFields, presentTemplate, templateStatuses, type TemplateRecord } from './record.js';
import type { TemplateFilter } from './store.js';

/** A template as Graph answers it, with `fields` picked as Meta picks them; shared by the Graph and console routes. */
export const presentTemplateFields = (fields: unknown) => (t: TemplateRecord) =>
  selectFields(presentTemplate(t), { requested: fields, defaults: defaultTemplateFields, nodeType: 'WhatsAppBusinessHSM' });

/** The list filters of `GET /{waba-id}/message_templates` (name, status, category, language). */
export function templateFilterOf(params: Record<string, unknown>): TemplateFilter {
  const one = (key: string, allowed?: readonly string[]): string | undefined => {
    const value = params[key];
    if (value === undefined) return undefined;
    const text = String(value).toUpperCase();
    if (allowed && !allowed.includes(text)) throw invalidParameter(`${key} must be one of ${allowed.join(', ')}`);
    return allowed ? text : String(value);
  };
  const name = one('name');
  const status = one('status', templateStatuses);
  const category = one('category', templateCategories);
  const language = one('language');
  return { ...(name ? { name } : {}), ...(status ? { status } : {}), ...(category ? { category } : {}), ...(language ? { language } : {}) };
}

const seconds = (ms: number | null | undefined): number | null => (ms == null ? null : Math.floor(ms / 1000));

/** The console's own field of a template (not Graph's): where it stands with quality pauses, times in unix seconds. */
export function presentPauseState(p: PauseState): Record<string, unknown> {
  return {
    paused: p.paused,
    paused_until: seconds(p.pausedUntil),
    pause_count: p.pauseCount,
    next: p.next,
    next_pause_hours: p.nextPauseMs === null ? null : p.nextPauseMs / 3_600_000,
  };
}

/**
 * `GET /console/api/templates/:id`: Graph's fields plus the console's `pause_state`, which comes
 * back when no fields are named or when it is named among them.
 */
export function presentConsoleTemplate(fields: unknown, t: TemplateRecord, pause: PauseState): Record<string, unknown> {
  const names = parseFields(fields);
  const graphFields = names?.filter((n) => n !== 'pause_state');
  const graph = presentTemplateFields(graphFields && graphFields.length > 0 ? graphFields.join(',') : graphFields ? 'id' : undefined)(t);
  return names === undefined || names.includes('pause_state') ? { ...graph, pause_state: presentPauseState(pause) } : graph;
}

/** One entry of a template's status history: the change, the template right after it, its reasons. */
export function presentTemplateEvent(e: TemplateEvent): Record<string, unknown> {
  const { paused_until: pausedUntil, ...detail } = e.detail;
  return {
    id: e.id,
    event: e.event,
    at: seconds(e.at),
    status: e.status,
    category: e.category,
    quality_score: e.qualityScore,
    reason: e.reason,
    ...detail,
    ...(pausedUntil !== undefined ? { paused_until: seconds(pausedUntil) } : {}),
  };
}
