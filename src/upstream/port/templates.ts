/** A template as the management API answers it: `GET /{template-id}` (spec §3). */
export interface UpstreamTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: string;
  readonly parameter_format?: string;
  readonly components: readonly unknown[];
  readonly quality_score?: { readonly score: string };
  readonly rejected_reason?: string;
}

import type { Owner } from './owner.js';

/** `/{waba-id}/message_templates` and `/{template-id}` (spec §3): review happens on Meta's side, decisions come through the sink. */
export interface TemplatesPort {
  /** `POST /{waba-id}/message_templates`: the template goes to review; Meta names it. */
  createTemplate(wabaId: string, definition: Record<string, unknown>): Promise<{ id: string; status: string; category: string }>;
  /** `POST /{template-id}`: an edit goes back to review. */
  editTemplate(templateId: string, changes: Record<string, unknown>, owner: Owner): Promise<void>;
  /** `DELETE /{waba-id}/message_templates?name=…[&hsm_id=…]`. */
  deleteTemplate(wabaId: string, by: { name: string; hsmId?: string | undefined }): Promise<void>;
  /** `POST /{template-id}/unpause`: a paused template is sendable again; the change comes through the sink as `message_template_status_update` (UNPAUSE). */
  unpauseTemplate(templateId: string, owner: Owner): Promise<void>;
  /** `GET /{template-id}`; undefined for a template Meta does not know or has deleted. */
  getTemplate(templateId: string, owner: Owner): Promise<UpstreamTemplate | undefined>;
  listTemplates(wabaId: string): Promise<UpstreamTemplate[]>;
}
