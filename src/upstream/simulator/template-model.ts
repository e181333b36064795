import type { ParameterFormat, QualityScore, TemplateCategory, TemplateComponent, TemplateDefinition, TemplateStatus } from '../../rules/templates/index.js';
import type { UpstreamTemplate } from '../port/templates.js';

/** A template as Meta's side holds it (sim_templates): the definition and its life on the platform. */
export interface SimTemplate {
  readonly id: string;
  readonly wabaId: string;
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly parameterFormat: ParameterFormat;
  readonly components: TemplateComponent[];
  readonly messageSendTtlSeconds: number | null;
  readonly status: TemplateStatus;
  readonly rejectedReason: string | null;
  readonly qualityScore: QualityScore;
  readonly pauseCount: number;
  readonly pausedUntil: number | null;
  /** Edits of the last 30 days (spec §3.3 counts them). */
  readonly editTimes: number[];
  readonly nameHeldUntil: number | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deletedAt: number | null;
}

/** The sample Meta puts on every WABA, worded as Meta's. */
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

export const definitionOf = (t: SimTemplate): TemplateDefinition => ({
  name: t.name,
  language: t.language,
  category: t.category,
  parameter_format: t.parameterFormat,
  components: t.components,
  ...(t.messageSendTtlSeconds !== null ? { message_send_ttl_seconds: t.messageSendTtlSeconds } : {}),
});

export function newSimTemplate(input: { id: string; wabaId: string; definition: TemplateDefinition; now: number }): SimTemplate {
  const { definition: d, now } = input;
  return {
    id: input.id,
    wabaId: input.wabaId,
    name: d.name,
    language: d.language,
    category: d.category,
    parameterFormat: d.parameter_format,
    components: d.components,
    messageSendTtlSeconds: d.message_send_ttl_seconds ?? null,
    status: 'PENDING',
    rejectedReason: null,
    qualityScore: 'UNKNOWN',
    pauseCount: 0,
    pausedUntil: null,
    editTimes: [],
    nameHeldUntil: null,
    createdAt: now,
    updatedAt: now,
    deletedAt: null,
  };
}

/** `GET /{template-id}` of Meta's copy. */
export const presentSimTemplate = (t: SimTemplate): UpstreamTemplate => ({
  id: t.id,
  name: t.name,
  language: t.language,
  category: t.category,
  status: t.status,
  parameter_format: t.parameterFormat,
  components: t.components,
  quality_score: { score: t.qualityScore },
  rejected_reason: t.rejectedReason ?? 'NONE',
});

/** The fields every template webhook names its template by (spec §3.7: the id is a JSON number). */
export const aboutTemplate = (t: SimTemplate) => ({ message_template_id: Number(t.id), message_template_name: t.name, message_template_language: t.language });

/** The webhook value of a template unpaused, by the clock or at the business's request (spec §3.7). */
export const unpausedValue = (t: SimTemplate): Record<string, unknown> => ({
  event: 'APPROVED',
  ...aboutTemplate(t),
  reason: 'NONE',
  message_template_category: t.category,
  other_info: { title: 'UNPAUSE', description: `Your ${t.name} template has been unpaused.` },
});
