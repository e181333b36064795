import { bucketIndex, type Bucket } from './buckets.js';
import type { TemplateMessageRow } from './store.js';
import type { TemplateClick, TemplateRow } from './template-shape.js';

/** A template asked for, as the fold needs it. */
export interface TemplateRef {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly hasUrlButton: boolean;
}

const keyOf = (name: unknown, language: unknown): string => `${String(name)}:${String(language)}`;

/** `name:language` of a template send's JSON (`{name, language: {code}}`), or undefined if it is not one. */
function sendKey(content: string): string | undefined {
  try {
    const template = JSON.parse(content) as { name?: unknown; language?: { code?: unknown } };
    return typeof template.name === 'string' ? keyOf(template.name, template.language?.code) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One row per template and day, zeros included, as template_analytics answers. Sends count on the day
 * they were sent, with what they cost (charged on delivery, but a day's cost_per_delivered must
 * divide the same messages' cost by their deliveries). Clicks count on the day of the tap; only
 * quick-reply taps reach the business (a URL button opens the browser and tells nobody), so
 * url_button counts stay out of the answer rather than showing a false zero.
 */
export function templateRows(options: {
  templates: readonly TemplateRef[];
  days: readonly Bucket[];
  sends: readonly TemplateMessageRow[];
  clicks: ReadonlyArray<{ at: number; content: string; template: string }>;
}): TemplateRow[] {
  const { templates, days } = options;
  const byKey = new Map(templates.map((t) => [keyOf(t.name, t.language), t.id]));
  const cells = new Map<string, { sent: number; delivered: number; read: number; amountSpentMicros: number; clicks: Map<string, number> }>();
  const cell = (templateId: string, day: number) => {
    const key = `${templateId}/${day}`;
    let found = cells.get(key);
    if (!found) cells.set(key, (found = { sent: 0, delivered: 0, read: 0, amountSpentMicros: 0, clicks: new Map() }));
    return found;
  };

  for (const send of options.sends) {
    const templateId = byKey.get(sendKey(send.content) ?? '');
    const day = bucketIndex(days, send.at / 1000);
    if (templateId === undefined || day < 0) continue;
    const c = cell(templateId, day);
    if (['sent', 'delivered', 'read'].includes(send.status)) c.sent++;
    if (['delivered', 'read'].includes(send.status)) c.delivered++;
    if (send.status === 'read') c.read++;
    c.amountSpentMicros += send.amountMicros ?? 0;
  }
  for (const click of options.clicks) {
    const templateId = byKey.get(sendKey(click.template) ?? '');
    const day = bucketIndex(days, click.at / 1000);
    const text = buttonText(click.content);
    if (templateId === undefined || day < 0 || text === undefined) continue;
    const clicks = cell(templateId, day).clicks;
    clicks.set(text, (clicks.get(text) ?? 0) + 1);
  }

  return templates.flatMap((t) =>
    days.map((day, index): TemplateRow => {
      const c = cells.get(`${t.id}/${index}`);
      const clicks: TemplateClick[] = [...(c?.clicks ?? new Map<string, number>())].map(([buttonContent, count]) => ({ type: 'quick_reply_button', buttonContent, count }));
      return {
        templateId: t.id,
        start: day.start,
        end: day.end,
        sent: c?.sent ?? 0,
        delivered: c?.delivered ?? 0,
        read: c?.read ?? 0,
        clicks,
        amountSpentMicros: c?.amountSpentMicros ?? 0,
        hasUrlButton: t.hasUrlButton,
      };
    }),
  );
}

function buttonText(content: string): string | undefined {
  try {
    const text = (JSON.parse(content) as { button?: { text?: unknown } }).button?.text;
    return typeof text === 'string' ? text : undefined;
  } catch {
    return undefined;
  }
}
