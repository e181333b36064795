import type { Finding, RejectionReason } from './findings.js';
import { lintTemplate } from './lint.js';
import type { ExistingTemplate, TemplateCategory, TemplateDefinition } from './types.js';
import { authenticationLikeWording, findWording, marketingWording, visibleText } from './wording.js';

/**
 * The simulated reviewer (DESIGN.md: the simulator decides with the same rules chatapp uses to
 * pre-check). Deterministic, so a developer can produce every outcome on purpose:
 *
 * 1. Any lint finding → REJECTED with that finding's reason (a policy reason such as SCAM is
 *    preferred over INVALID_FORMAT when both are found); `rejection_info` lists every finding.
 * 2. A sandbox marker anywhere in the template's visible text → REJECTED with the marker's reason:
 *    `[[reject:promotional]]` PROMOTIONAL, `[[reject:abusive]]` ABUSIVE_CONTENT, `[[reject:scam]]`
 *    SCAM, `[[reject:tag_mismatch]]` TAG_CONTENT_MISMATCH, `[[reject:incorrect_category]]`
 *    INCORRECT_CATEGORY, `[[reject:invalid_format]]` INVALID_FORMAT. Matched without case.
 * 3. A UTILITY or MARKETING template worded like a one-time code ("verification code", "OTP"…)
 *    → REJECTED INCORRECT_CATEGORY: it belongs in AUTHENTICATION (spec §3.5).
 * 4. A UTILITY template with marketing wording ("sale", "% off", "offer"… see wording.ts) or a
 *    coupon (COPY_CODE) button → APPROVED as MARKETING with `previousCategory: 'UTILITY'`. Since
 *    9 April 2025 Meta recategorises instead of rejecting, whatever `allow_category_change` says
 *    (spec §3.5). The caller clears `message_send_ttl_seconds` then (spec §3.6).
 * 5. Otherwise APPROVED in the category submitted.
 */
export const sandboxMarkers = {
  '[[reject:promotional]]': 'PROMOTIONAL',
  '[[reject:abusive]]': 'ABUSIVE_CONTENT',
  '[[reject:scam]]': 'SCAM',
  '[[reject:tag_mismatch]]': 'TAG_CONTENT_MISMATCH',
  '[[reject:incorrect_category]]': 'INCORRECT_CATEGORY',
  '[[reject:invalid_format]]': 'INVALID_FORMAT',
} as const satisfies Record<string, RejectionReason>;

export interface RejectionInfo {
  reason: string;
  recommendation: string;
}

export type ReviewDecision =
  | { status: 'APPROVED'; rejectedReason: 'NONE'; rejectionInfo: null; category: TemplateCategory; previousCategory?: TemplateCategory; findings: [] }
  | { status: 'REJECTED'; rejectedReason: RejectionReason; rejectionInfo: RejectionInfo; category: TemplateCategory; findings: Finding[] };

export interface ReviewOptions {
  /** The account's other templates, for the duplicate-wording rule. */
  existing?: readonly ExistingTemplate[];
  /** Marker → reason; `sandboxMarkers` unless replaced (an empty object turns markers off). */
  markers?: Readonly<Record<string, RejectionReason>>;
  /** Wording that makes a UTILITY template MARKETING; `marketingWording` unless replaced. */
  marketingWords?: readonly string[];
}

/** Meta-style explanations per reason, for `rejection_info` (spec §3.7). */
const explanations: Record<RejectionReason, RejectionInfo> = {
  INVALID_FORMAT: { reason: 'The template is not formatted correctly.', recommendation: 'Fix the problems listed and submit the template again.' },
  PROMOTIONAL: {
    reason: 'The template contains promotional content in a category that does not allow it.',
    recommendation: 'Submit it as a MARKETING template, or remove the promotional wording.',
  },
  ABUSIVE_CONTENT: {
    reason: 'The template contains content that breaks the WhatsApp Business or Commerce Policy.',
    recommendation: 'Remove threatening, abusive or prohibited content, then submit a new template.',
  },
  SCAM: {
    reason: 'The template looks designed to deceive people or to obtain sensitive information from them.',
    recommendation: 'Do not ask for card, identity or account numbers or passwords in a message; send people to a secure page of yours.',
  },
  TAG_CONTENT_MISMATCH: {
    reason: "The template's content does not match the category it was submitted in.",
    recommendation: 'Choose the category that describes the message: MARKETING, UTILITY or AUTHENTICATION.',
  },
  INCORRECT_CATEGORY: {
    reason: 'The template reads as a one-time-code message but was not submitted as AUTHENTICATION.',
    recommendation: 'Submit it as an AUTHENTICATION template with an OTP button.',
  },
};

const rejected = (template: TemplateDefinition, reason: RejectionReason, findings: Finding[] = [], info = explanations[reason]): ReviewDecision => ({
  status: 'REJECTED',
  rejectedReason: reason,
  rejectionInfo: info,
  category: template.category,
  findings,
});

export function reviewTemplate(template: TemplateDefinition, options: ReviewOptions = {}): ReviewDecision {
  const findings = lintTemplate(template, { existing: options.existing ?? [] });
  const first = findings.find((f) => f.rejectedReason !== 'INVALID_FORMAT') ?? findings[0];
  if (first !== undefined) {
    const base = explanations[first.rejectedReason];
    return rejected(template, first.rejectedReason, findings, {
      reason: `${base.reason} ${findings.map((f) => `${f.path}: ${f.message}`).join(' ')}`,
      recommendation: base.recommendation,
    });
  }
  const text = visibleText(template);
  const lower = text.toLowerCase();
  const marker = Object.entries(options.markers ?? sandboxMarkers).find(([m]) => lower.includes(m.toLowerCase()));
  if (marker !== undefined) return rejected(template, marker[1]);
  if (template.category !== 'AUTHENTICATION' && findWording(text, authenticationLikeWording) !== undefined) {
    return rejected(template, 'INCORRECT_CATEGORY');
  }
  if (template.category === 'UTILITY' && isMarketing(template, text, options.marketingWords ?? marketingWording)) {
    return { status: 'APPROVED', rejectedReason: 'NONE', rejectionInfo: null, category: 'MARKETING', previousCategory: 'UTILITY', findings: [] };
  }
  return { status: 'APPROVED', rejectedReason: 'NONE', rejectionInfo: null, category: template.category, findings: [] };
}

function isMarketing(template: TemplateDefinition, text: string, words: readonly string[]): boolean {
  const coupon = template.components.some((c) => c.type === 'BUTTONS' && c.buttons.some((b) => b.type === 'COPY_CODE'));
  return coupon || findWording(text, words) !== undefined;
}
