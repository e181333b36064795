import type { TemplateView } from './model.ts';

/**
 * chatapp's template API keeps no status history (only the current status, reason and quality),
 * so the studio records each change it sees while open, in this tab's sessionStorage. The first
 * entry of a template the studio did not create is "seen", not "submitted".
 */
export interface HistoryEntry {
  at: number;
  status: string;
  category: string;
  reason?: string;
  quality?: string;
  note?: string;
}

const key = (id: string) => `chatapp.template-history.${id}`;

export function readHistory(id: string): HistoryEntry[] {
  try {
    return JSON.parse(sessionStorage.getItem(key(id)) ?? '[]') as HistoryEntry[];
  } catch {
    return [];
  }
}

function reasonOf(t: TemplateView): string | undefined {
  if (t.rejection_info) return `${t.rejection_info.reason}: ${t.rejection_info.recommendation}`;
  return t.rejected_reason && t.rejected_reason !== 'NONE' ? t.rejected_reason : undefined;
}

/** Appends what changed since the last entry; answers whether anything did. */
export function observe(t: TemplateView, now: number): boolean {
  const entries = readHistory(t.id);
  const last = entries[entries.length - 1];
  const reason = reasonOf(t);
  const quality = t.quality_score?.score;
  if (last && last.status === t.status && last.category === t.category && last.reason === reason && (last.quality ?? quality) === quality) return false;
  const note = !last ? 'first seen' : last.category !== t.category ? `category ${last.category} → ${t.category}` : undefined;
  entries.push({ at: now, status: t.status, category: t.category, ...(reason ? { reason } : {}), ...(quality ? { quality } : {}), ...(note ? { note } : {}) });
  sessionStorage.setItem(key(t.id), JSON.stringify(entries.slice(-50)));
  return true;
}

/** Marks a template the studio itself submitted, so its history starts at the submission. */
export function recordSubmission(options: { id: string; category: string; now: number; what: 'submitted' | 'edited' }): void {
  const entries = readHistory(options.id);
  entries.push({ at: options.now, status: 'PENDING', category: options.category, note: options.what });
  sessionStorage.setItem(key(options.id), JSON.stringify(entries.slice(-50)));
}
