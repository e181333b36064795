import { api } from '../../api.ts';
import type { Agent, Attachment, CannedReply, Contact, Conversation, Filters, InboxSettings, MessageItem, NoteItem, TimelineItem } from './model.ts';

/** The inbox's console API (`/console/api/inbox/…`, src/inbox/routes.ts). */
const base = '/console/api/inbox';
const conv = (id: string, path = '') => `${base}/conversations/${encodeURIComponent(id)}${path}`;

interface Page<T> {
  data: T[];
  paging: { cursors?: { after?: string; before?: string } };
}

export interface SendAnswer {
  message: MessageItem;
  others_typing: { id: string; name: string }[];
  warning?: string;
}

export const inboxApi = {
  list(f: Filters, after?: string): Promise<Page<Conversation>> {
    const q = new URLSearchParams({ status: f.status, sort: f.sort, limit: '50' });
    if (f.assignee !== 'all') q.set('assignee', f.assignee);
    if (f.label) q.set('label', f.label);
    if (after) q.set('after', after);
    return api.get(`${base}/conversations?${q}`);
  },
  get: (id: string) => api.get<Conversation>(conv(id)),
  timeline: (id: string, before?: string) => api.get<Page<TimelineItem>>(conv(id, `/timeline?limit=50${before ? `&before=${encodeURIComponent(before)}` : ''}`)),
  send: (id: string, body: Record<string, unknown>) => api.post<SendAnswer>(conv(id, '/messages'), body),
  typing: (id: string, typing: boolean) => api.post<{ typing: { id: string; name: string }[] }>(conv(id, '/typing'), { typing }),
  read: (id: string) => api.post<Conversation>(conv(id, '/read')),
  status: (id: string, status: Conversation['status'], snoozedUntil?: number) =>
    api.post<Conversation>(conv(id, '/status'), { status, ...(snoozedUntil !== undefined ? { snoozed_until: snoozedUntil } : {}) }),
  claim: (id: string) => api.post<Conversation>(conv(id, '/claim')),
  assign: (id: string, memberId: string) => api.post<Conversation>(conv(id, '/assign'), { member_id: memberId }),
  transfer: (id: string, memberId: string) => api.post<Conversation>(conv(id, '/transfer'), { member_id: memberId }),
  unassign: (id: string) => api.post<Conversation>(conv(id, '/unassign')),
  note: (id: string, body: string) => api.post<NoteItem>(conv(id, '/notes'), { body }),
  agents: () => api.get<{ data: Agent[] }>(`${base}/agents`).then((r) => r.data),
  labels: () => api.get<{ data: { label: string; count: number }[] }>(`${base}/labels`).then((r) => r.data),
  contact: (waId: string) => api.get<Contact>(`${base}/contacts/${encodeURIComponent(waId)}`),
  addLabel: (waId: string, label: string) => api.post<{ labels: string[] }>(`${base}/contacts/${encodeURIComponent(waId)}/labels`, { label }),
  removeLabel: (waId: string, label: string) => api.delete<{ labels: string[] }>(`${base}/contacts/${encodeURIComponent(waId)}/labels/${encodeURIComponent(label)}`),
  canned: () => api.get<{ data: CannedReply[] }>(`${base}/canned-replies`).then((r) => r.data),
  createCanned: (input: { shortcut: string; text: string }) => api.post<CannedReply>(`${base}/canned-replies`, input),
  updateCanned: (id: string, input: { shortcut?: string; text?: string }) => api.patch<CannedReply>(`${base}/canned-replies/${encodeURIComponent(id)}`, input),
  deleteCanned: (id: string) => api.delete<{ success: boolean }>(`${base}/canned-replies/${encodeURIComponent(id)}`),
  /** A file to send in the conversation: its bytes, uploaded for the conversation's number. */
  upload: (id: string, file: File) => api.post<Attachment>(conv(id, `/media?file_name=${encodeURIComponent(file.name)}`), file),
  /** Where the timeline reads a media message's file (the session's cookie goes with it). */
  mediaUrl: (id: string, mediaId: string) => conv(id, `/media/${encodeURIComponent(mediaId)}`),
  settings: () => api.get<InboxSettings>(`${base}/settings`),
  saveSettings: (settings: InboxSettings) => api.patch<InboxSettings>(`${base}/settings`, settings),
  mentions: (before?: string) => api.get<Page<NoteItem>>(`${base}/mentions?limit=25${before ? `&before=${encodeURIComponent(before)}` : ''}`),
};
