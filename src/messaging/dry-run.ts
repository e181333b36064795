import type { TemplateCategory } from '../rules/pricing/decide.js';
import { billingCountry } from '../billing/market-map.js';
import { formatMicros } from '../billing/money.js';
import { budgetProblem, type BillingService, type Quote } from '../billing/service.js';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter, type GraphErrorEntry, type GraphErrorName } from '../core/graph-errors.js';
import { splitCallingCode } from '../core/phone.js';
import { registeredStatuses } from '../rules/numbers.js';
import type { PhoneNumber } from '../numbers/model.js';
import type { Store } from '../store/database.js';
import { windowOpen } from '../rules/window.js';
import * as sql from './store.js';
import { validateOutbound } from '../rules/messages/validate.js';

/** What a dry run asks of templates: the same decision Meta's side makes at hand-over. */
export interface TemplateEvaluation {
  evaluateSend(input: { wabaId: string; content: unknown }): Promise<{ template: { category: string } } | { error: GraphErrorName; details: string }>;
}

export interface DryRunOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly billing: BillingService;
  readonly templates: TemplateEvaluation;
}

/** A reason a message would not go out now, with the error it would get. */
interface Reason {
  readonly code: number;
  readonly title: string;
  readonly details: string;
}

const reason = (name: GraphErrorName, details: string): Reason => {
  const entry: GraphErrorEntry = new GraphError(name, details).entry;
  return { code: entry.code, title: entry.title, details };
};

/**
 * `POST /{phone-number-id}/messages?dry_run=true` (chatapp's extension): the send's body is
 * checked as a real send is (a malformed one gets the same Graph error), then decided without
 * storing or sending anything: whether it would go out now and why not, which window it falls in
 * and until when, its category, and its price with the card it came from (spec §6.1, §6.2, §7).
 */
export class DryRun {
  readonly #o: DryRunOptions;

  constructor(options: DryRunOptions) {
    this.#o = options;
  }

  async run(input: { businessId: BusinessId; number: PhoneNumber; body: unknown }): Promise<Record<string, unknown>> {
    const { number, businessId } = input;
    const request = validateOutbound(input.body, { businessCallingCode: splitCallingCode(number.digits).callingCode });
    if (request.kind === 'read') throw invalidParameter('dry_run: only sends can be tried; a read receipt has nothing to decide');
    const { message } = request;
    const reasons: Reason[] = [];
    if (!registeredStatuses.includes(number.status)) reasons.push(reason('notRegistered', `Phone number ${number.id} is not registered (status ${number.status})`));

    let templateCategory: TemplateCategory | undefined;
    if (message.type === 'template') {
      const outcome = await this.#o.templates.evaluateSend({ wabaId: number.wabaId, content: message.content });
      if ('error' in outcome) reasons.push(reason(outcome.error, outcome.details));
      else templateCategory = outcome.template.category.toLowerCase() as TemplateCategory;
    }
    const now = this.#o.clock.now();
    const windows = await sql.findWindowFacts(this.#o.store.db, businessId, number.id, message.to.waId);
    // Spec §6.1: outside the customer service window only templates go out (131047, after a 200).
    if (message.type !== 'template' && !windowOpen(windows.lastInboundAt, now)) {
      reasons.push(reason('reEngagement', 'More than 24 hours have passed since the customer last replied to this number; send a template instead'));
    }
    let quote: Quote | undefined;
    if (message.type !== 'template' || templateCategory) {
      quote = await this.#o.billing.quote({ number, waId: message.to.waId, templateCategory, windows, now });
      const overBudget = budgetProblem(quote);
      if (overBudget) reasons.push(reason('paymentIssue', overBudget));
    }
    return {
      messaging_product: 'whatsapp',
      dry_run: true,
      contacts: [{ input: message.to.input, wa_id: message.to.waId }],
      would_send: reasons.length === 0,
      reasons,
      ...(quote ? present(quote, message.to.waId) : {}),
    };
  }
}

/** The window and price parts of a dry run's answer; times in unix seconds, amounts in the card's currency. */
function present(quote: Quote, waId: string): Record<string, unknown> {
  const { price, entryPoint, serviceWindow } = quote;
  const seconds = (ms: number | null): number | null => (ms === null ? null : Math.floor(ms / 1000));
  return {
    window: {
      customer_service: { open: serviceWindow.open, expires_at: serviceWindow.open ? seconds(serviceWindow.until) : null },
      free_entry_point: entryPoint.kind === 'none' ? null : { opens_with_this_message: entryPoint.kind === 'opens', expires_at: seconds(entryPoint.until) },
    },
    category: price.pricing.category,
    pricing: price.pricing,
    price: {
      amount: formatMicros(price.totalMicros),
      amount_micros: price.totalMicros,
      meta_amount: formatMicros(price.metaMicros),
      markup_amount: formatMicros(price.markupMicros),
      currency: price.currency,
      country: billingCountry(waId) ?? null,
      market: price.market,
      tier: price.rate?.tier ?? null,
      estimate: price.rate?.estimate ?? false,
      rate_card: price.cardVersion,
      rule_set: price.ruleSet,
      billing_month: quote.month,
    },
  };
}
