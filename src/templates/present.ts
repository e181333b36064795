import { invalidParameter } from '../core/graph-errors.js';
import { selectFields } from '../http/fields.js';
import { templateCategories } from './model/index.js';
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
