import { ianaTimeZoneFor } from '../rules/pricing/meta-timezones.js';
import { asWabaId, type BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter } from '../core/graph-errors.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import type { TemplatesService } from '../templates/service.js';
import { splitBuckets, type Bucket } from './buckets.js';
import type { AnalyticsField } from './catalog.js';
import { parseExpansion } from './expansion.js';
import { Dashboards } from './dashboards.js';
import { conversationRows, messagingRows, pricingRows, type FoldContext } from './graph-rows.js';
import { validateAnalyticsQuery, type AnalyticsFieldQuery } from './queries.js';
import { shapeConversationAnalytics, shapeMessagingAnalytics, shapePricingAnalytics } from './shapes.js';
import * as sql from './store.js';
import { validateTemplateAnalytics } from './template-query.js';
import { templateRows, type TemplateRef } from './template-rows.js';
import { shapeTemplateAnalytics, type TemplateAnalyticsJson } from './template-shape.js';

export interface AnalyticsServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly numbers: NumbersService;
  readonly templates: TemplatesService;
}

/** What a WABA's analytics are counted in: its days (its time zone) and its numbers. */
export interface WabaFrame {
  readonly timeZone: string;
  /** Phone-number id → digits, the WABA's numbers only. */
  readonly numbers: ReadonlyMap<string, string>;
}

/**
 * The Graph analytics of a WABA (spec §8.4): the `analytics`, `pricing_analytics` and
 * `conversation_analytics` fields (or edges) and `template_analytics`. Callers have authorised the
 * WABA; every read is scoped to the business as well, so a WABA id of another business finds nothing.
 */
export class AnalyticsService {
  readonly #o: AnalyticsServiceOptions;
  /** The console's dashboards, counted the same way. */
  readonly dashboards: Dashboards;

  constructor(options: AnalyticsServiceOptions) {
    this.#o = options;
    this.dashboards = new Dashboards({ store: options.store, numbers: options.numbers, wabaTimeZone: async (businessId, wabaId) => (await this.frame(businessId, wabaId)).timeZone });
  }

  /** One field expansion of `GET /{waba}?fields=…`, as its raw text: `pricing_analytics.start(…).end(…)…`. */
  field(input: { businessId: BusinessId; wabaId: string; expansion: string }): Promise<unknown> {
    const { field, modifiers } = parseExpansion(input.expansion);
    return this.edge({ businessId: input.businessId, wabaId: input.wabaId, field, params: modifiers });
  }

  /** The same field as an edge, `GET /{waba}/pricing_analytics?start=…`, its modifiers in the query string. */
  async edge(input: { businessId: BusinessId; wabaId: string; field: AnalyticsField; params: Readonly<Record<string, unknown>> }): Promise<unknown> {
    const query = validateAnalyticsQuery({ field: input.field, modifiers: input.params }, { now: this.#nowSeconds() });
    const frame = await this.frame(input.businessId, input.wabaId);
    return this.#answer(query, { businessId: input.businessId, wabaId: input.wabaId, frame });
  }

  async #answer(query: AnalyticsFieldQuery, at: { businessId: BusinessId; wabaId: string; frame: WabaFrame }): Promise<unknown> {
    const buckets = splitBuckets({ start: query.start, end: query.end }, { granularity: query.granularity, timeZone: at.frame.timeZone });
    const ctx: FoldContext = { buckets, numbers: at.frame.numbers };
    // Whole buckets are read, since Meta's points are whole units (buckets.ts).
    const scope = { businessId: at.businessId, wabaId: at.wabaId, ...msRange(buckets) };
    const db = this.#o.store.db;
    switch (query.field) {
      case 'analytics': {
        const { rows, countries } = messagingRows(query, await sql.messageSlots(db, scope), ctx);
        const phoneNumbers = query.phoneNumbers.length > 0 ? query.phoneNumbers : [...at.frame.numbers.values()];
        return shapeMessagingAnalytics(query, { rows, phoneNumbers, countryCodes: query.countryCodes.length > 0 ? query.countryCodes : countries });
      }
      case 'pricing_analytics':
        return shapePricingAnalytics(query, pricingRows(query, await sql.chargeSlots(db, { ...scope, pricedBy: 'message' }), ctx));
      case 'conversation_analytics':
        return shapeConversationAnalytics(query, conversationRows(query, await sql.chargeSlots(db, { ...scope, pricedBy: 'conversation' }), ctx));
      default: {
        const never: never = query;
        throw new RangeError(`not an analytics query: ${JSON.stringify(never)}`);
      }
    }
  }

  /** `GET /{waba}/template_analytics`: the templates must be the WABA's; days are UTC unless asked otherwise. */
  async templateAnalytics(input: { businessId: BusinessId; wabaId: string; params: Readonly<Record<string, unknown>> }): Promise<TemplateAnalyticsJson> {
    const frame = await this.frame(input.businessId, input.wabaId);
    const query = validateTemplateAnalytics(input.params, { now: this.#nowSeconds(), wabaTimeZone: frame.timeZone });
    const templates = await Promise.all(query.templateIds.map((id) => this.#template(input, id)));
    const days = splitBuckets({ start: query.start, end: query.end }, { granularity: 'DAILY', timeZone: query.timeZone });
    const scope = { businessId: input.businessId, wabaId: input.wabaId, ...msRange(days) };
    const [sends, clicks] = await Promise.all([sql.templateMessages(this.#o.store.db, scope), sql.templateClicks(this.#o.store.db, scope)]);
    return shapeTemplateAnalytics(query, { rows: templateRows({ templates, days, sends, clicks }) });
  }

  async #template(at: { businessId: BusinessId; wabaId: string }, id: string): Promise<TemplateRef> {
    const refused = () => invalidParameter(`template_analytics.template_ids: ${id} is not a template of WhatsApp Business Account ${at.wabaId}`);
    const template = await this.#o.templates.get(at.businessId, id).catch((error: unknown) => {
      throw error instanceof GraphError ? refused() : error;
    });
    if (template.wabaId !== at.wabaId) throw refused();
    const hasUrlButton = template.components.some((c) => c.type === 'BUTTONS' && c.buttons.some((b) => b.type === 'URL'));
    return { id, name: template.name, language: template.language, hasUrlButton };
  }

  /** The WABA's time zone (Meta's `timezone_id`) and numbers; another business's WABA is not found. */
  async frame(businessId: BusinessId, wabaId: string): Promise<WabaFrame> {
    const waba = await this.#o.numbers.getWaba(businessId, asWabaId(wabaId));
    const numbers = (await this.#o.numbers.listPhoneNumbers(businessId)).filter((n) => n.wabaId === waba.id);
    return { timeZone: ianaTimeZoneFor(waba.timezoneId), numbers: new Map(numbers.map((n) => [n.id as string, n.digits])) };
  }

  #nowSeconds(): number {
    return Math.floor(this.#o.clock.now() / 1000);
  }
}

/** The milliseconds [from, to) that a run of buckets covers; an empty run covers nothing. */
export function msRange(buckets: readonly Bucket[]): { from: number; to: number } {
  return buckets.length === 0 ? { from: 0, to: 0 } : { from: buckets[0]!.start * 1000, to: buckets[buckets.length - 1]!.end * 1000 };
}
