/**
 * The studio's form state and how it becomes Meta's create payload (spec §3.2), and back again
 * for an edit. Pure code: the editor, the preview and the lint call share it.
 */

export type Category = 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
export type ParameterFormat = 'POSITIONAL' | 'NAMED';
export type HeaderFormat = 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';
export const headerFormats: readonly HeaderFormat[] = ['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'];
export const mediaFormats: readonly HeaderFormat[] = ['IMAGE', 'VIDEO', 'DOCUMENT'];

export type DraftButton =
  | { type: 'QUICK_REPLY'; text: string }
  | { type: 'URL'; text: string; url: string; example: string }
  | { type: 'PHONE_NUMBER'; text: string; phone_number: string }
  | { type: 'COPY_CODE'; example: string };
export type ButtonType = DraftButton['type'];
export const buttonLabels: Record<ButtonType, string> = { QUICK_REPLY: 'Quick reply', URL: 'Visit website', PHONE_NUMBER: 'Call phone number', COPY_CODE: 'Copy offer code' };

export interface Draft {
  name: string;
  language: string;
  category: Category;
  parameterFormat: ParameterFormat;
  header: { format: HeaderFormat; text: string; examples: Record<string, string>; handle: string };
  body: { text: string; examples: Record<string, string> };
  footer: string;
  buttons: DraftButton[];
}

export const emptyDraft = (): Draft => ({
  name: '',
  language: 'en_US',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  header: { format: 'NONE', text: '', examples: {}, handle: '' },
  body: { text: '', examples: {} },
  footer: '',
  buttons: [],
});

export const newButton = (type: ButtonType): DraftButton => {
  switch (type) {
    case 'QUICK_REPLY':
      return { type, text: '' };
    case 'URL':
      return { type, text: '', url: 'https://', example: '' };
    case 'PHONE_NUMBER':
      return { type, text: '', phone_number: '' };
    case 'COPY_CODE':
      return { type, example: '' };
    default: {
      const never: never = type;
      return never;
    }
  }
};

/** The variables of a text in order of first use: `{{1}}` → "1", `{{first_name}}` → "first_name"; positional ones sorted. */
export function parametersOf(text: string, format: ParameterFormat): string[] {
  const seen = [...new Set([...text.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!))];
  return format === 'POSITIONAL' ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** Fills a text's variables with their examples (kept as `{{x}}` where none is given yet). */
export const fillExamples = (text: string, examples: Record<string, string>): string =>
  text.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, name: string) => examples[name]?.trim() || whole);

function textExample(kind: 'header' | 'body', params: string[], examples: Record<string, string>, format: ParameterFormat): Record<string, unknown> | undefined {
  // No example at all until one is typed, so the reviewer's "add an example" finding shows meanwhile.
  if (params.length === 0 || params.every((p) => !examples[p]?.trim())) return undefined;
  if (format === 'NAMED') return { [`${kind}_text_named_params`]: params.map((p) => ({ param_name: p, example: examples[p] ?? '' })) };
  const values = params.map((p) => examples[p] ?? '');
  return { [`${kind}_text`]: kind === 'body' ? [values] : values };
}

/** Which field of the form each payload component came from, to put a finding next to it. */
export type ComponentSlot = 'header' | 'body' | 'footer' | 'buttons';

export interface Payload {
  body: Record<string, unknown>;
  slots: ComponentSlot[];
}

/** The create payload (`POST /{waba}/message_templates`), with the slot of each component by index. */
export function toPayload(d: Draft): Payload {
  const components: Record<string, unknown>[] = [];
  const slots: ComponentSlot[] = [];
  const add = (slot: ComponentSlot, component: Record<string, unknown>) => {
    components.push(component);
    slots.push(slot);
  };
  if (d.header.format === 'TEXT') {
    const example = textExample('header', parametersOf(d.header.text, d.parameterFormat), d.header.examples, d.parameterFormat);
    add('header', { type: 'HEADER', format: 'TEXT', text: d.header.text, ...(example ? { example } : {}) });
  } else if (mediaFormats.includes(d.header.format)) {
    add('header', { type: 'HEADER', format: d.header.format, ...(d.header.handle.trim() ? { example: { header_handle: [d.header.handle.trim()] } } : {}) });
  } else if (d.header.format === 'LOCATION') {
    add('header', { type: 'HEADER', format: 'LOCATION' });
  }
  const bodyExample = textExample('body', parametersOf(d.body.text, d.parameterFormat), d.body.examples, d.parameterFormat);
  add('body', { type: 'BODY', text: d.body.text, ...(bodyExample ? { example: bodyExample } : {}) });
  if (d.footer.trim()) add('footer', { type: 'FOOTER', text: d.footer });
  if (d.buttons.length > 0) add('buttons', { type: 'BUTTONS', buttons: d.buttons.map(buttonPayload) });
  return {
    body: { name: d.name.trim(), language: d.language.trim(), category: d.category, parameter_format: d.parameterFormat, components },
    slots,
  };
}

function buttonPayload(b: DraftButton): Record<string, unknown> {
  switch (b.type) {
    case 'QUICK_REPLY':
      return { type: b.type, text: b.text };
    case 'URL':
      return { type: b.type, text: b.text, url: b.url, ...(/\{\{\s*1\s*\}\}/.test(b.url) && b.example.trim() ? { example: [b.example.trim()] } : {}) };
    case 'PHONE_NUMBER':
      return { type: b.type, text: b.text, phone_number: b.phone_number };
    case 'COPY_CODE':
      return { type: b.type, example: b.example };
    default: {
      const never: never = b;
      return never;
    }
  }
}

/** A template as Graph lists it (the fields the studio asks for). */
export interface TemplateView {
  id: string;
  name: string;
  language: string;
  category: Category;
  status: string;
  parameter_format?: ParameterFormat;
  components: Array<Record<string, any>>;
  quality_score?: { score: string; date: number };
  rejected_reason?: string;
  rejection_info?: { reason: string; recommendation: string };
  previous_category?: string;
  correct_category?: string;
}

/** The form for editing a stored template: the inverse of `toPayload`. */
export function fromTemplate(t: TemplateView): Draft {
  const d = emptyDraft();
  d.name = t.name;
  d.language = t.language;
  d.category = t.category;
  d.parameterFormat = t.parameter_format ?? 'POSITIONAL';
  const named = (list: unknown): Record<string, string> =>
    Object.fromEntries(((list as { param_name: string; example: string }[] | undefined) ?? []).map((p) => [p.param_name, p.example]));
  const positional = (text: string, values: unknown): Record<string, string> => {
    const params = parametersOf(text, 'POSITIONAL');
    return Object.fromEntries(params.map((p, i) => [p, String((values as unknown[] | undefined)?.[i] ?? '')]));
  };
  for (const c of t.components) {
    if (c.type === 'HEADER') {
      d.header.format = c.format as HeaderFormat;
      d.header.text = c.text ?? '';
      d.header.handle = c.example?.header_handle?.[0] ?? '';
      d.header.examples = d.parameterFormat === 'NAMED' ? named(c.example?.header_text_named_params) : positional(d.header.text, c.example?.header_text);
    } else if (c.type === 'BODY') {
      d.body.text = c.text ?? '';
      d.body.examples = d.parameterFormat === 'NAMED' ? named(c.example?.body_text_named_params) : positional(d.body.text, c.example?.body_text?.[0]);
    } else if (c.type === 'FOOTER') {
      d.footer = c.text ?? '';
    } else if (c.type === 'BUTTONS') {
      d.buttons = (c.buttons as Array<Record<string, any>>).flatMap((b): DraftButton[] => {
        if (b.type === 'QUICK_REPLY') return [{ type: b.type, text: b.text ?? '' }];
        if (b.type === 'URL') return [{ type: b.type, text: b.text ?? '', url: b.url ?? '', example: b.example?.[0] ?? '' }];
        if (b.type === 'PHONE_NUMBER') return [{ type: b.type, text: b.text ?? '', phone_number: b.phone_number ?? '' }];
        if (b.type === 'COPY_CODE') return [{ type: b.type, example: b.example ?? '' }];
        return [];
      });
    }
  }
  return d;
}

/** A problem with a place: a lint finding, or a piece of a server error's details. */
export interface Problem {
  path: string;
  message: string;
}

/**
 * The form field a payload path belongs to: `components[1].example.body_text` → `body.example`,
 * `components[3].buttons[0].url` → `button.0.url`, `name` → `name`; anything else → `form`.
 */
export function fieldOf(path: string, slots: readonly ComponentSlot[]): string {
  const top = /^(name|language|category|parameter_format)\b/.exec(path);
  if (top) return top[1]!;
  const m = /^components\[(\d+)\](.*)$/.exec(path);
  const slot = m ? slots[Number(m[1])] : undefined;
  if (!m || !slot) return 'form';
  const rest = m[2] ?? '';
  if (slot === 'buttons') {
    const b = /^\.buttons\[(\d+)\](?:\.([a-z_]+))?/.exec(rest);
    if (!b) return 'buttons';
    const field = b[2] === 'example' || b[2] === 'url' || b[2] === 'phone_number' || b[2] === 'text' ? b[2] : 'text';
    return `button.${b[1]}.${field}`;
  }
  return rest.startsWith('.example') ? `${slot}.example` : slot;
}

/** Problems grouped by the field they belong to. */
export function byField(problems: readonly Problem[], slots: readonly ComponentSlot[]): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const p of problems) {
    const key = fieldOf(p.path, slots);
    grouped.set(key, [...(grouped.get(key) ?? []), p.message]);
  }
  return grouped;
}

const PATH = /(?:^|\s)((?:name|language|category|parameter_format|message_send_ttl_seconds|components(?:\[\d+\])?(?:\.[a-z_]+|\[\d+\])*)):\s/g;

/**
 * A create or edit refused with code 100 names each problem as `path: message` in its details
 * (`components[0].text: End the body with words…`); this splits them back into problems.
 */
export function problemsOfDetails(details: string): Problem[] {
  const marks = [...details.matchAll(PATH)];
  if (marks.length === 0) return [{ path: '', message: details }];
  const problems: Problem[] = [];
  const lead = details.slice(0, marks[0]!.index).trim();
  if (lead) problems.push({ path: '', message: lead });
  marks.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = i + 1 < marks.length ? marks[i + 1]!.index : details.length;
    problems.push({ path: m[1]!, message: details.slice(start, end).trim() });
  });
  return problems;
}
