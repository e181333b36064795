import { api } from '../../api.ts';
import type { TemplateView } from './model.ts';
import type { PauseStateView, TemplateEventView } from './reasons.ts';

/**
 * The studio's calls: the console's template routes, as the signed-in member (session cookie and
 * CSRF header, no access token). They answer in Graph's shapes and errors.
 */
const FIELDS = 'name,language,category,status,parameter_format,components,quality_score,rejected_reason,rejection_info,previous_category,correct_category';

export const templatesApi = {
  list: (wabaId: string) => api.get<{ data: TemplateView[] }>(`/console/api/wabas/${wabaId}/templates?limit=100&fields=${FIELDS}`).then((r) => r.data),
  create: (wabaId: string, body: Record<string, unknown>) => api.post<{ id: string; status: string; category: string }>(`/console/api/wabas/${wabaId}/templates`, body),
  edit: (templateId: string, body: Record<string, unknown>) => api.post<{ success: boolean }>(`/console/api/templates/${templateId}`, body),
  remove: (templateId: string) => api.delete<{ success: boolean }>(`/console/api/templates/${templateId}`),
  /** The template's status history from the server, newest first, and its pause state (null once deleted). */
  history: (templateId: string) => api.get<{ data: TemplateEventView[]; pause_state: PauseStateView | null }>(`/console/api/templates/${templateId}/history`),
  /** The sandbox's clock (the simulated platform's, in ms), else this browser's. */
  now: (sandbox: boolean): Promise<number> =>
    sandbox ? api.get<{ now: number }>('/simulator/clock').then((c) => c.now * 1000, () => Date.now()) : Promise.resolve(Date.now()),
  unpause: (templateId: string) => api.post<{ success: boolean }>(`/console/api/templates/${templateId}/unpause`),
  /** A test send from `phoneNumberId` (a number of the template's WABA) to `to`. */
  sendTest: (templateId: string, body: { to: string; components?: Record<string, unknown>[]; phone_number_id?: string }) =>
    api.post<{ messages: { id: string }[]; contacts: { wa_id: string }[] }>(`/console/api/templates/${templateId}/test`, body),
  /** A media header's sample file, uploaded in one piece; answers the handle its example names. */
  async upload(file: File): Promise<string> {
    const query = `file_name=${encodeURIComponent(file.name)}&file_length=${file.size}&file_type=${encodeURIComponent(file.type)}`;
    return (await api.post<{ h: string }>(`/console/api/templates/uploads?${query}`, file)).h;
  },
};
