import type { BusinessId } from '../core/brand.js';
import { invalidParameter } from '../core/graph-errors.js';
import type { NumbersService } from '../numbers/service.js';
import type { Store } from '../store/database.js';
import { bucketIndex } from './buckets.js';
import { bucketLabel, parseConsoleRange, type ConsoleRange, type RawConsoleQuery } from './console-query.js';
import { averageSeconds, foldConversations, foldResponders } from './conversations.js';
import type { CsvValue } from '../core/csv.js';
import { currencyUnits } from './shapes.js';
import * as sql from './store.js';

export type Row = Record<string, CsvValue>;
export interface Dashboard {
  readonly from: number;
  readonly to: number;
  readonly granularity: string;
  readonly time_zone: string;
  /** The keys of every row, in order: the CSV's header even when there are no rows. */
  readonly columns: readonly string[];
  readonly data: Row[];
}

const WHEN = ['period', 'start', 'end'];
/** An agent whose member has since been removed from the business keeps their id and this name. */
const REMOVED_MEMBER = '(removed member)';
const MESSAGE_COUNTS = ['outbound', 'sent', 'delivered', 'read', 'failed', 'inbound', 'delivery_rate', 'read_rate'];

export interface DashboardQuery extends RawConsoleQuery {
  readonly waba_id?: string | undefined;
  readonly phone_number_id?: string | undefined;
}

export const COST_DIMENSIONS = ['category', 'country', 'template', 'number', 'pricing_type'] as const;
export type CostDimension = (typeof COST_DIMENSIONS)[number];

export interface DashboardsOptions {
  readonly store: Store;
  readonly numbers: NumbersService;
  /** The IANA zone of a WABA of the business; another business's WABA is not found. */
  readonly wabaTimeZone: (businessId: BusinessId, wabaId: string) => Promise<string>;
}

interface Frame {
  readonly range: ConsoleRange;
  readonly scope: sql.Scope & { phoneNumberId?: string | undefined };
  /** The business's numbers, id → digits. */
  readonly numbers: ReadonlyMap<string, string>;
}

/**
 * The console's dashboards (`/console/api/analytics/…`): flat rows, one per bucket (and key), so the
 * same rows serve the charts and the CSV. Every read is the signed-in member's business's.
 */
export class Dashboards {
  readonly #o: DashboardsOptions;

  constructor(options: DashboardsOptions) {
    this.#o = options;
  }

  /** Outbound and inbound volumes, delivery rate (delivered of those WhatsApp answered for) and read rate (read of delivered). */
  async messages(businessId: BusinessId, query: DashboardQuery & { by?: 'number' | undefined }): Promise<Dashboard> {
    const f = await this.#frame(businessId, query);
    const cells = new Map<string, { bucket: number; number: string; c: Record<string, number> }>();
    for (const row of await sql.messageSlots(this.#o.store.db, f.scope)) {
      const bucket = bucketIndex(f.range.buckets, row.slot * sql.SLOT_SECONDS);
      if (bucket < 0 || (f.scope.phoneNumberId !== undefined && row.phoneNumberId !== f.scope.phoneNumberId)) continue;
      const number = query.by === 'number' ? row.phoneNumberId : '';
      const key = `${bucket}/${number}`;
      const cell = cells.get(key) ?? { bucket, number, c: { outbound: 0, sent: 0, delivered: 0, read: 0, failed: 0, inbound: 0 } };
      cells.set(key, cell);
      const add = (name: string) => (cell.c[name] = (cell.c[name] ?? 0) + row.count);
      if (row.direction === 'in') add('inbound');
      else {
        add('outbound');
        if (['sent', 'delivered', 'read'].includes(row.status)) add('sent');
        if (['delivered', 'read'].includes(row.status)) add('delivered');
        if (row.status === 'read') add('read');
        if (row.status === 'failed') add('failed');
      }
    }
    const keys = query.by === 'number' ? [...new Set([...cells.values()].map((c) => c.number))].sort() : [''];
    const data = f.range.buckets.flatMap((_bucket, index) =>
      keys.map((number): Row => {
        const c = cells.get(`${index}/${number}`)?.c ?? { outbound: 0, sent: 0, delivered: 0, read: 0, failed: 0, inbound: 0 };
        return {
          ...this.#when(f, index),
          ...(query.by === 'number' ? { phone_number_id: number, phone_number: f.numbers.get(number) ?? '' } : {}),
          ...c,
          delivery_rate: ratio(c.delivered!, c.sent! + c.failed!),
          read_rate: ratio(c.read!, c.delivered!),
        };
      }),
    );
    return present(f, data, [...WHEN, ...(query.by === 'number' ? ['phone_number_id', 'phone_number'] : []), ...MESSAGE_COUNTS]);
  }

  /** Why messages failed: each error code with its title and how many messages it failed, most first. */
  async failures(businessId: BusinessId, query: DashboardQuery): Promise<Dashboard> {
    const f = await this.#frame(businessId, query);
    const byCode = new Map<string, { code: number | null; title: string; count: number }>();
    for (const { errors, count } of await sql.failureCounts(this.#o.store.db, f.scope)) {
      const first = parseFirstError(errors);
      const key = String(first.code);
      const found = byCode.get(key) ?? { ...first, count: 0 };
      found.count += count;
      byCode.set(key, found);
    }
    const data = [...byCode.values()].sort((a, b) => b.count - a.count || (a.code ?? 0) - (b.code ?? 0));
    return present(f, data, ['code', 'title', 'count']);
  }

  /** Customer service windows the users opened, per bucket. */
  async sessions(businessId: BusinessId, query: DashboardQuery): Promise<Dashboard> {
    const f = await this.#frame(businessId, query);
    const totals = foldConversations(await sql.inboundWithNeighbours(this.#o.store.db, f.scope), f.range.buckets);
    return present(f, totals.map((t, index) => ({ ...this.#when(f, index), sessions: t.sessions })), [...WHEN, 'sessions']);
  }

  /**
   * The business's first response time (per session) and average response time (per wait), in
   * seconds; `by=agent` splits them by who answered (see `#agentResponseTimes`).
   */
  async responseTimes(businessId: BusinessId, query: DashboardQuery & { by?: 'agent' | undefined }): Promise<Dashboard> {
    const f = await this.#frame(businessId, query);
    if (query.by === 'agent') return this.#agentResponseTimes(f);
    const totals = foldConversations(await sql.inboundWithNeighbours(this.#o.store.db, f.scope), f.range.buckets);
    return present(
      f,
      totals.map((t, index) => ({
        ...this.#when(f, index),
        sessions: t.sessions,
        first_responses: t.firstResponses,
        first_response_seconds: averageSeconds(t.firstResponseMsTotal, t.firstResponses),
        responses: t.responses,
        average_response_seconds: averageSeconds(t.responseMsTotal, t.responses),
        unanswered: t.unanswered,
      })),
      [...WHEN, 'sessions', 'first_responses', 'first_response_seconds', 'responses', 'average_response_seconds', 'unanswered'],
    );
  }

  /**
   * Response times per agent: each wait is credited to the console member who sent the message that
   * ended it from the inbox, a session's first response to whoever answered its opening wait.
   * Replies that did not come from the inbox (through the Graph API) make one row with agent
   * null, named API. Every bucket has a row for each agent who answered in range (members by name,
   * then API); sessions and unanswered waits belong to nobody, so they stay on the business's answer.
   */
  async #agentResponseTimes(f: Frame): Promise<Dashboard> {
    const byAgent = foldResponders(await sql.inboundWithResponders(this.#o.store.db, f.scope), f.range.buckets);
    const members = [...byAgent.keys()].filter((id): id is string => id !== null);
    const known = await sql.memberNames(this.#o.store.db, f.scope.businessId, members);
    const nameOf = (id: string | null) => (id === null ? 'API' : known.get(id)?.name || known.get(id)?.email || REMOVED_MEMBER);
    const agents = [...members.sort((a, b) => nameOf(a).localeCompare(nameOf(b)) || a.localeCompare(b)), ...(byAgent.has(null) ? [null] : [])];
    const data = f.range.buckets.flatMap((_, index) =>
      agents.map((agent): Row => {
        const t = byAgent.get(agent)![index]!;
        return {
          ...this.#when(f, index),
          agent,
          agent_name: nameOf(agent),
          first_responses: t.firstResponses,
          first_response_seconds: averageSeconds(t.firstResponseMsTotal, t.firstResponses),
          responses: t.responses,
          average_response_seconds: averageSeconds(t.responseMsTotal, t.responses),
        };
      }),
    );
    return present(f, data, [...WHEN, 'agent', 'agent_name', 'first_responses', 'first_response_seconds', 'responses', 'average_response_seconds']);
  }

  /** What delivered messages cost (the ledger's amount, markup included) by a dimension, per bucket of delivery. */
  async costs(businessId: BusinessId, query: DashboardQuery & { by?: CostDimension | undefined }): Promise<Dashboard> {
    const f = await this.#frame(businessId, query);
    const by = query.by ?? 'category';
    const cells = new Map<string, { bucket: number; key: string; currency: string; volume: number; billable: number; micros: number }>();
    for (const row of await sql.chargeSlots(this.#o.store.db, { ...f.scope, pricedBy: 'any' })) {
      const bucket = bucketIndex(f.range.buckets, row.slot * sql.SLOT_SECONDS);
      if (bucket < 0 || (f.scope.phoneNumberId !== undefined && row.phoneNumberId !== f.scope.phoneNumberId)) continue;
      const key = costKey(row, by);
      const id = JSON.stringify([bucket, key, row.currency]);
      const cell = cells.get(id) ?? { bucket, key, currency: row.currency, volume: 0, billable: 0, micros: 0 };
      cells.set(id, cell);
      cell.volume += row.volume;
      cell.billable += row.billable;
      cell.micros += row.amountMicros;
    }
    const data = [...cells.values()]
      .sort((a, b) => a.bucket - b.bucket || a.key.localeCompare(b.key) || a.currency.localeCompare(b.currency))
      .map((c): Row => ({
        ...this.#when(f, c.bucket),
        [by]: c.key,
        ...(by === 'number' ? { phone_number: f.numbers.get(c.key) ?? '' } : {}),
        currency: c.currency,
        volume: c.volume,
        billable: c.billable,
        cost: currencyUnits(c.micros),
        cost_micros: c.micros,
      }));
    return present(f, data, [...WHEN, by, ...(by === 'number' ? ['phone_number'] : []), 'currency', 'volume', 'billable', 'cost', 'cost_micros']);
  }

  #when(f: Frame, index: number): Row {
    const bucket = f.range.buckets[index]!;
    return { period: bucketLabel(bucket, f.range), start: bucket.start, end: bucket.end };
  }

  async #frame(businessId: BusinessId, query: DashboardQuery): Promise<Frame> {
    const wabaId = query.waba_id?.trim() || undefined;
    const defaultTimeZone = wabaId === undefined ? 'UTC' : await this.#o.wabaTimeZone(businessId, wabaId);
    const range = parseConsoleRange(query, { defaultTimeZone });
    const own = await this.#o.numbers.listPhoneNumbers(businessId);
    const phoneNumberId = query.phone_number_id?.trim() || undefined;
    if (phoneNumberId !== undefined && !own.some((n) => n.id === phoneNumberId && (wabaId === undefined || n.wabaId === wabaId))) {
      throw invalidParameter(`phone_number_id: ${phoneNumberId} is not a number of this business${wabaId ? ` in WABA ${wabaId}` : ''}`);
    }
    return {
      range,
      scope: { businessId, wabaId, phoneNumberId, from: range.from * 1000, to: range.to * 1000 },
      numbers: new Map(own.map((n) => [n.id as string, n.digits])),
    };
  }
}

const present = (f: Frame, data: Row[], columns: readonly string[]): Dashboard => ({
  from: f.range.from,
  to: f.range.to,
  granularity: f.range.granularity,
  time_zone: f.range.timeZone,
  columns,
  data,
});

/** A share to four decimals, or null when nothing was there to share. */
const ratio = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000);

function costKey(row: sql.ChargeSlotRow, by: CostDimension): string {
  switch (by) {
    case 'category':
      return row.pricingCategory;
    case 'country':
      return row.country;
    case 'template':
      return row.template ?? '';
    case 'number':
      return row.phoneNumberId;
    case 'pricing_type':
      return row.pricingType;
    default: {
      const never: never = by;
      throw new RangeError(`unknown cost dimension ${String(never)}`);
    }
  }
}

/** A failed message's first error as its status reported it; a failure without errors is counted as code null. */
function parseFirstError(errors: string | null): { code: number | null; title: string } {
  try {
    const first = (JSON.parse(errors ?? '[]') as Array<{ code?: unknown; title?: unknown }>)[0];
    if (first && typeof first.code === 'number') return { code: first.code, title: typeof first.title === 'string' ? first.title : '' };
  } catch {
    // A row written by an older version with unparsable errors still counts, as unknown.
  }
  return { code: null, title: 'Unknown' };
}
