import { billingMonth } from '../../rules/pricing/calendar.js';
import { entryPointAt } from '../../rules/pricing/entry-point.js';
import { ianaTimeZoneFor } from '../../rules/pricing/meta-timezones.js';
import { pooledRandomBytes } from '../../core/random.js';
import { decidePricing, type TemplateCategory } from '../../rules/pricing/decide.js';
import { invalidParameter } from '../../core/graph-errors.js';
import type { Clock } from '../../core/clock.js';
import type { SimDirectory, SimNumber } from './directory.js';
import type { Executor } from '../../store/database.js';
import * as sql from './pricing-store.js';
import type { SimBilling } from './store.js';

const DAY = 24 * 3600 * 1000;
const templateCategories: readonly string[] = ['marketing', 'utility', 'authentication'];

/**
 * Meta's side of pricing: at hand-over it decides what a message will be billed as (spec §4.5,
 * §6.2, §7) — free in a customer service window or a free entry point window, a template by its
 * category, service messages past the number's monthly allowance from 1 Oct 2026 — and the
 * `conversation` object its statuses carry.
 */
export class SimulatedPricing {
  readonly #o: { clock: Clock; directory: SimDirectory };

  constructor(options: { clock: Clock; directory: SimDirectory }) {
    this.#o = options;
  }

  /** A user wrote from an ad (`referral`): a reply within 24 h opens a free entry point window. */
  recordReferral(trx: Executor, r: { phoneNumberId: string; waId: string; at: number }): Promise<void> {
    return sql.recordReferral(trx, r);
  }

  /** The WABA's time zone, where months and rule dates turn; read before the transaction that decides (SQLite has one connection). */
  async timeZoneOf(number: SimNumber): Promise<string> {
    return ianaTimeZoneFor((await this.#o.directory.waba(number.wabaId))?.timezoneId ?? '0');
  }

  async decide(
    trx: Executor,
    input: { messageId: string; number: SimNumber; timeZone: string; waId: string; type: string; category: string | undefined; windowOpen: boolean; now: number },
  ): Promise<SimBilling> {
    const { number, waId, now, timeZone } = input;
    const state = await sql.findEntryPoint(trx, number.id, waId);
    const entry = entryPointAt(state, now);
    let conversationId: string = pooledRandomBytes(16).toString('hex');
    if (entry.kind === 'opens') await sql.openEntryPoint(trx, { phoneNumberId: number.id, waId, openedAt: now, until: entry.until, conversationId });
    else if (entry.kind === 'open') conversationId = state?.conversationId ?? conversationId;
    const category = input.category?.toLowerCase();
    const templateCategory = input.type === 'template' && category && templateCategories.includes(category) ? (category as TemplateCategory) : undefined;
    const isService = input.type !== 'template';
    // Service messages outside a free entry point count toward the number's monthly allowance (spec §7.2).
    const counted = isService && entry.kind === 'none' ? await sql.countServiceMessage(trx, { phoneNumberId: number.id, month: billingMonth(Math.floor(now / 1000), timeZone) }) : 0;
    const { pricing } = decidePricing({
      deliveredAt: Math.floor(now / 1000),
      timeZone,
      ...(templateCategory ? { templateCategory } : {}),
      serviceWindowOpen: input.windowOpen,
      freeEntryPointOpen: entry.kind !== 'none',
      serviceDeliveredThisMonth: counted,
    });
    const expiresAt = entry.kind === 'none' ? now + DAY : entry.until;
    return {
      pricing: { ...pricing },
      conversation: { id: conversationId, expiration_timestamp: String(Math.floor(expiresAt / 1000)), origin: { type: pricing.category.replace('-', '_') } },
    };
  }
}

/**
 * A `referral` a simulated user's message carries when it comes from a Click-to-WhatsApp ad or a
 * Page post (spec §4.4): what the sandbox gives is kept, the ids it leaves out are made up.
 */
export function completeReferral(given: unknown): Record<string, unknown> {
  if (typeof given !== 'object' || given === null || Array.isArray(given)) throw invalidParameter('message.referral must be an object, e.g. {"source_type":"ad","headline":"Chat with us"}');
  const referral = given as Record<string, unknown>;
  const sourceType = referral.source_type ?? 'ad';
  if (sourceType !== 'ad' && sourceType !== 'post') throw invalidParameter('message.referral.source_type must be "ad" or "post"');
  for (const [key, value] of Object.entries(referral)) {
    if (typeof value !== 'string' && key !== 'welcome_message') throw invalidParameter(`message.referral.${key} must be a string`);
  }
  return {
    source_url: 'https://fb.me/chatapp-sandbox',
    source_id: String(BigInt(`0x${pooledRandomBytes(7).toString('hex')}`)),
    source_type: sourceType,
    ...referral,
    ctwa_clid: referral.ctwa_clid ?? `ARA${pooledRandomBytes(24).toString('base64url')}`,
  };
}
