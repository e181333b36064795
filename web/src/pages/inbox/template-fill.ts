/**
 * An approved template as the console's template list gives it (Graph's shape), the parameters its
 * send needs, and the Cloud API body and text preview once they are filled.
 */

export interface TemplateButton {
  type: string;
  text: string;
  url?: string;
  example?: string[];
}

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
  example?: { header_text?: string[]; body_text?: string[][]; header_handle?: string[] };
  buttons?: TemplateButton[];
}

export interface ApprovedTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  components: TemplateComponent[];
}

/** One value the agent fills in: a text variable, a media header's link, or a URL button's suffix. */
export interface Slot {
  key: string;
  label: string;
  example: string | undefined;
}

const variables = (text: string | undefined): string[] => [...new Set([...(text ?? '').matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1]!))];
const part = (t: ApprovedTemplate, type: string) => t.components.find((c) => c.type.toUpperCase() === type);
const mediaFormats = ['IMAGE', 'VIDEO', 'DOCUMENT'];

export function slotsOf(t: ApprovedTemplate): Slot[] {
  const header = part(t, 'HEADER');
  const body = part(t, 'BODY');
  const slots: Slot[] = [];
  if (header?.format && mediaFormats.includes(header.format)) slots.push({ key: 'header:media', label: `Header ${header.format.toLowerCase()} link`, example: undefined });
  variables(header?.text).forEach((v, i) => slots.push({ key: `header:${v}`, label: `Header {{${v}}}`, example: header?.example?.header_text?.[i] }));
  variables(body?.text).forEach((v, i) => slots.push({ key: `body:${v}`, label: `{{${v}}}`, example: body?.example?.body_text?.[0]?.[i] }));
  (part(t, 'BUTTONS')?.buttons ?? []).forEach((b, i) => {
    if (b.type === 'URL' && variables(b.url).length) slots.push({ key: `button:${i}`, label: `“${b.text}” link {{1}}`, example: b.example?.[0] });
  });
  return slots;
}

/** The Cloud API `template` object for `values` (keyed by slot). */
export function templateBody(t: ApprovedTemplate, values: Record<string, string>) {
  const named = t.parameter_format === 'NAMED';
  const text = (v: string, value: string) => ({ type: 'text', ...(named ? { parameter_name: v } : {}), text: value });
  const header = part(t, 'HEADER');
  const components: Record<string, unknown>[] = [];
  if (header?.format && mediaFormats.includes(header.format)) {
    const kind = header.format.toLowerCase();
    components.push({ type: 'header', parameters: [{ type: kind, [kind]: { link: values['header:media'] ?? '' } }] });
  }
  const headerVars = variables(header?.text);
  if (headerVars.length) components.push({ type: 'header', parameters: headerVars.map((v) => text(v, values[`header:${v}`] ?? '')) });
  const bodyVars = variables(part(t, 'BODY')?.text);
  if (bodyVars.length) components.push({ type: 'body', parameters: bodyVars.map((v) => text(v, values[`body:${v}`] ?? '')) });
  (part(t, 'BUTTONS')?.buttons ?? []).forEach((b, i) => {
    if (b.type === 'URL' && variables(b.url).length) components.push({ type: 'button', sub_type: 'url', index: String(i), parameters: [{ type: 'text', text: values[`button:${i}`] ?? '' }] });
  });
  return { name: t.name, language: { code: t.language }, ...(components.length ? { components } : {}) };
}

/** The template's texts with the values in place (`[{{n}}]` where one is still empty). */
export function previewOf(t: ApprovedTemplate, values: Record<string, string>) {
  const fill = (text: string | undefined, scope: string) => (text ?? '').replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, v: string) => values[`${scope}:${v}`] || `[{{${v}}}]`);
  const header = part(t, 'HEADER');
  return {
    header: header?.format && mediaFormats.includes(header.format) ? `[${header.format.toLowerCase()}]` : header?.text ? fill(header.text, 'header') : undefined,
    body: fill(part(t, 'BODY')?.text, 'body'),
    footer: part(t, 'FOOTER')?.text,
    buttons: (part(t, 'BUTTONS')?.buttons ?? []).map((b) => b.text),
  };
}
