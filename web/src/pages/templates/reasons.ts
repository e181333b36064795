/**
 * A template's history in words: what each change means and, for a rejection, what the reason
 * means and what to change (spec §3.4's rejected_reason values, §3.5's review rules).
 */

/** One entry of `GET /console/api/templates/:id/history` (times in unix seconds). */
export interface TemplateEventView {
  id: string;
  event: string;
  at: number;
  status: string;
  category: string;
  quality_score: string;
  reason: string | null;
  rejection_info?: { reason: string; recommendation: string };
  other_info?: { title?: string; description?: string };
  disable_info?: { disable_date?: string };
  paused_until?: number;
  pause_count?: number;
  previous_category?: string;
  new_category?: string;
  correct_category?: string;
  previous_quality_score?: string;
  new_quality_score?: string;
  edited?: string[];
}

/** Where a template stands with quality pauses: 3 h, then 6 h, then disabled. */
export interface PauseStateView {
  paused: boolean;
  paused_until: number | null;
  pause_count: number;
  next: 'FIRST_PAUSE' | 'SECOND_PAUSE' | 'DISABLED' | null;
  next_pause_hours: number | null;
}

export const eventTitles: Record<string, string> = {
  CREATED: 'Submitted for review',
  EDITED: 'Edited: back in review',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  PAUSED: 'Paused for low quality',
  UNPAUSED: 'Unpaused',
  DISABLED: 'Disabled after repeated low quality',
  FLAGGED: 'Flagged for low quality',
  PENDING_DELETION: 'Deletion requested: waiting for its messages on their way',
  DELETED: 'Deleted',
  CATEGORY_CHANGED: 'Category changed',
  CATEGORY_CHANGE_NOTICE: 'Category change announced',
  QUALITY_CHANGED: 'Quality changed',
};

/** An event's title; the sample template is created approved, not submitted. */
export const eventTitle = (e: TemplateEventView): string => (e.event === 'CREATED' && e.status !== 'PENDING' ? 'Added' : (eventTitles[e.event] ?? e.event));

/** What a rejected_reason means, and what to change before submitting again. */
export const rejectedReasons: Record<string, { means: string; change: string }> = {
  INVALID_FORMAT: {
    means: 'The template is not well formed: mismatched braces, parameters next to each other or at the very start or end, missing examples, too many parameters for the text, or the same wording as another template.',
    change: 'Fix the placeholders the studio’s findings point at, give every parameter an example, and word it differently from your other templates.',
  },
  PROMOTIONAL: {
    means: 'It promotes something (offers, discounts, sales) in a category that may not.',
    change: 'Submit it as MARKETING, or take the promotional wording out of the utility message.',
  },
  INCORRECT_CATEGORY: {
    means: 'The category does not match what the message does, e.g. a one-time code outside an AUTHENTICATION template.',
    change: 'Choose the category the content belongs to, or rewrite the content for the category you need.',
  },
  TAG_CONTENT_MISMATCH: {
    means: 'The content does not match the category or purpose it was submitted with.',
    change: 'Make the wording fit the category, or submit it under the category it fits.',
  },
  ABUSIVE_CONTENT: {
    means: 'The wording breaks WhatsApp’s policies: threatening, abusive or prohibited content.',
    change: 'Remove the offending wording; a template must follow the WhatsApp Business and Commerce policies.',
  },
  SCAM: {
    means: 'It looks like an attempt to deceive, e.g. asking for full card or ID numbers, passwords or payment outside a known flow.',
    change: 'Never ask for full card, ID or account numbers or credentials; say who you are and why you are writing.',
  },
  CATEGORY_NOT_AVAILABLE: {
    means: 'The category is not available to this account (a retired reason).',
    change: 'Submit it under another category.',
  },
};

const qualityNames: Record<string, string> = { GREEN: 'High', YELLOW: 'Medium', RED: 'Low', UNKNOWN: 'Not yet rated' };
const hours = (ms: number) => `${Math.round(ms / 360_000) / 10} h`;

/** One line about an event beyond its title: the figures that came with it. */
export function eventSummary(e: TemplateEventView): string | undefined {
  switch (e.event) {
    case 'CREATED':
      return e.status === 'APPROVED' ? 'approved from the start (Meta’s sample)' : `as ${e.category}`;
    case 'EDITED':
      return e.edited && e.edited.length > 0 ? `changed ${e.edited.join(', ')}` : undefined;
    case 'PAUSED':
      return e.paused_until !== undefined
        ? `pause ${e.pause_count ?? '?'} (${e.other_info?.title ?? 'pause'}) for ${hours((e.paused_until - e.at) * 1000)}, until ${new Date(e.paused_until * 1000).toLocaleString()}`
        : e.other_info?.title;
    case 'UNPAUSED':
      return e.other_info?.description ?? 'sendable again';
    case 'DISABLED':
      return e.disable_info?.disable_date ? `on ${new Date(Number(e.disable_info.disable_date) * 1000).toLocaleString()}; create a new template` : 'create a new template';
    case 'CATEGORY_CHANGED':
      return `${e.previous_category} → ${e.new_category}`;
    case 'CATEGORY_CHANGE_NOTICE':
      return `the review says ${e.correct_category}; it will change`;
    case 'QUALITY_CHANGED':
      return `${qualityNames[e.previous_quality_score ?? ''] ?? e.previous_quality_score} → ${qualityNames[e.new_quality_score ?? ''] ?? e.new_quality_score}`;
    case 'FLAGGED':
      return e.other_info?.description;
    default:
      return undefined;
  }
}

/** Until the end of a pause, on the sandbox clock: `2 h 59 min 12 s`. */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h > 0 ? `${h} h ` : ''}${h > 0 || m > 0 ? `${m} min ` : ''}${s % 60} s`;
}

/** What reaching Low quality does next, in words. */
export function nextPauseWords(p: PauseStateView): string {
  if (p.next === null) return 'Disabled: it cannot be paused again.';
  if (p.next === 'DISABLED') return 'It has been paused twice: the next time quality reaches Low, it is disabled for good.';
  return `If quality reaches Low, it is paused for ${p.next_pause_hours} h (${p.next === 'FIRST_PAUSE' ? 'first pause' : 'second pause; a third time disables it'}).`;
}
