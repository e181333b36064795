/**
 * Meta's pricing rules for one delivered message (spec §4.5, §6.2, §7): which rule set applies and
 * the `pricing` object its status webhook carries. Pure, and shared: the platform decides with it,
 * chatapp prices and explains with it (billing/model.ts adds the rate card and the charge).
 */
import type { RateCategory } from './markets.js';
import { ruleSetAt, SERVICE_ALLOWANCE_PER_NUMBER, type RuleSetId } from './rule-sets.js';

export type TemplateCategory = 'marketing' | 'utility' | 'authentication';
export type PricingType = 'regular' | 'free_customer_service' | 'free_entry_point';
export type PricingCategory = RateCategory | 'referral_conversion';

/** `pricing` exactly as the status webhook has it; `billable` is true exactly when `type` is `regular`. */
export interface WebhookPricing {
  readonly billable: boolean;
  readonly pricing_model: 'PMP';
  readonly type: PricingType;
  readonly category: PricingCategory;
}

export class PricingError extends Error {
  constructor(
    readonly code: 'before-per-message-pricing' | 'no-rate',
    message: string,
  ) {
    super(message);
    this.name = 'PricingError';
  }
}

/** What decides a delivered message's `pricing` object: Meta's side needs these, not the card. */
export interface DecideInput {
  /** When the message was delivered (unix seconds): Meta charges on delivery (spec §7.1). */
  readonly deliveredAt: number;
  /** The WABA's IANA zone: rules switch at its midnight. Default UTC. */
  readonly timeZone?: string;
  /** The template's category; absent for a non-template ("service") message. */
  readonly templateCategory?: TemplateCategory;
  /** A customer service window was open when the message was sent (spec §6.1). */
  readonly serviceWindowOpen: boolean;
  /** A 72-hour free entry point window was open (spec §6.2). */
  readonly freeEntryPointOpen: boolean;
  /** Service messages this business number already had delivered this billing month. */
  readonly serviceDeliveredThisMonth: number;
}

export interface PricingDecision {
  readonly ruleSet: RuleSetId;
  readonly pricing: WebhookPricing;
  /** Whether the message adds 1 to the number's monthly service-message count (not in a free entry point window: our reading, Meta is silent). */
  readonly countsTowardServiceAllowance: boolean;
}

/**
 * The `pricing` object of a delivered message under the rules in force on its delivery date. A
 * non-template message is a service message whatever the window says: it can only have been
 * delivered inside one (spec §6.1), so the flag is not second-guessed.
 */
export function decidePricing(input: DecideInput): PricingDecision {
  const count = input.serviceDeliveredThisMonth;
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`serviceDeliveredThisMonth must be a whole, non-negative count, got ${count}`);
  const ruleSet = ruleSetAt(input.deliveredAt, input.timeZone);
  if (!ruleSet) throw new PricingError('before-per-message-pricing', 'messages delivered before 1 Jul 2025 were priced per conversation, which is not modelled');
  const isService = input.templateCategory === undefined;
  const decided = (billable: boolean, type: PricingType, category: PricingCategory): PricingDecision => ({
    ruleSet,
    pricing: { billable, pricing_model: 'PMP', type, category },
    countsTowardServiceAllowance: isService && type !== 'free_entry_point',
  });
  // Spec §6.2: everything is free inside a free entry point window, templates included.
  if (input.freeEntryPointOpen) return decided(false, 'free_entry_point', 'referral_conversion');
  if (input.templateCategory === undefined) {
    // Spec §7.2: from 1 Oct 2026 service messages past the number's monthly allowance are billed.
    const free = ruleSet === 'pmp-2025-07' || count < SERVICE_ALLOWANCE_PER_NUMBER;
    return decided(!free, free ? 'free_customer_service' : 'regular', 'service');
  }
  // Spec §7.1: a utility template inside an open window is free until 1 Oct 2026 (§7.2).
  if (input.templateCategory === 'utility' && input.serviceWindowOpen && ruleSet === 'pmp-2025-07') return decided(false, 'free_customer_service', 'utility');
  return decided(true, 'regular', input.templateCategory);
}
