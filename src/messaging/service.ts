import { createHash } from 'node:crypto';
import { Type } from '@sinclair/typebox';
import type { TemplateCategory } from '../rules/pricing/decide.js';
import { formatMicros } from '../billing/money.js';
import { budgetProblem, type BillingService, type PricingContext } from '../billing/service.js';
import type { BusinessId, PhoneNumberId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { isTransient, retryDelayMs } from '../rules/retry.js';
import { GraphError, invalidParameter } from '../core/graph-errors.js';
import { splitCallingCode } from '../core/phone.js';
import { newWamid } from '../core/wamid.js';
import type { PhoneNumber } from '../numbers/model.js';
import { registeredStatuses } from '../rules/numbers.js';
import type { NumbersService } from '../numbers/service.js';
import type { Executor, Store } from '../store/database.js';
import type { GroupCommitter } from '../store/group-commit.js';
import { defineJob, DeferJobError, enqueue, PermanentJobError } from '../store/queue.js';
import type { Upstream, UpstreamChange, UpstreamSink } from '../upstream/types.js';
import type { Routes, WebhooksService } from '../webhooks/service.js';
import { advances, IDEMPOTENCY_WINDOW_MS, isOutboundStatus, type InboundEntry, type OutboundStatus, type StatusEntry } from './model.js';
import { DEFAULT_BACKLOG_MS, DISPATCH_HEADROOM_MS, PAIR_RATE, slotFor, throughputRate } from '../rules/pacing.js';
import { fetchInboundMedia, inboundFileOf } from './inbound-media.js';
import * as sql from './store.js';
import { isMediaType, type MediaType } from '../rules/messages/validate-content.js';
import { validateOutbound, type OutboundMessage } from '../rules/messages/validate.js';

/** Handing an accepted message to the upstream. */
export const dispatchMessage = defineJob({
  kind: 'message.dispatch',
  payload: Type.Object({ messageId: Type.String() }),
  maxAttempts: 20,
  backoff: { baseMs: 1_000, maxMs: 300_000 },
  timeoutMs: 15_000,
});

export interface SendAnswer {
  messaging_product: 'whatsapp';
  contacts: { input: string; wa_id: string }[];
  messages: { id: string }[];
}

/** What sending asks of media (src/media): that an id names an item this business may send as `kind`. */
export interface MediaReferences {
  checkSendable(input: { businessId: BusinessId; kind: MediaType; id: string }): Promise<void>;
  /** Keeps chatapp's copy of a file a user sent, fetched through the upstream; throws when it cannot now. */
  importInbound(input: { businessId: BusinessId; phoneNumberId: string; id: string; filename?: string | undefined; receivedAt?: number }): Promise<unknown>;
}

/** What sending asks of templates (src/templates): that a template send passes Meta's synchronous checks. */
export interface TemplateChecks {
  checkSend(input: { wabaId: string; content: unknown }): Promise<{ template: { category: string } }>;
}

export interface MessagingServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly numbers: NumbersService;
  readonly webhooks: WebhooksService;
  readonly media: MediaReferences;
  readonly templates: TemplateChecks;
  readonly upstream: Pick<Upstream, 'sendMessage' | 'markRead'>;
  readonly committer: GroupCommitter;
  /** The ledger: each delivery's price, and predictions for dry runs. */
  readonly billing: BillingService;
  /** A number's paced schedule may run this far ahead before sends are refused (130429). */
  readonly backlogMs?: number;
  /** Who else keeps rows in step with messages (the inbox's conversations). */
  readonly hooks?: MessageHooks;
}

/**
 * What another capability learns of committed messages (src/inbox): `committing` runs inside the
 * transaction that stores a new message, so its rows commit or roll back with it; `committed` runs
 * after the commit (new messages and status moves), for live updates, and must not throw.
 */
export interface MessageHooks {
  committing(trx: Executor, message: sql.StoredMessage): Promise<void>;
  committed(change: { message: sql.StoredMessage; status?: StatusEntry }): void;
}

/**
 * The send pipeline and the sink: accepts sends durably, hands them to the upstream, and applies
 * what comes back (statuses, inbound messages) before publishing it to the business's webhooks.
 */
export class MessagingService implements UpstreamSink {
  readonly #o: MessagingServiceOptions;

  constructor(options: MessagingServiceOptions) {
    this.#o = options;
  }

  /**
   * `POST /{phone-number-id}/messages`. A message is answered only once it and its dispatch job are
   * committed (in a group with other requests' rows), so an answered send survives a crash.
   */
  async send(input: { businessId: BusinessId; number: PhoneNumber; body: unknown; idempotencyKey?: string }): Promise<SendAnswer | { success: true }> {
    const { number, businessId } = input;
    const request = validateOutbound(input.body, { businessCallingCode: splitCallingCode(number.digits).callingCode });
    // Meta checks the body before the number's state (spec §9); an unregistered number cannot send either way.
    if (!registeredStatuses.includes(number.status)) throw new GraphError('notRegistered', `Phone number ${number.id} is not registered (status ${number.status}); call /register first`);
    if (request.kind === 'read') {
      await this.markRead(businessId, number.id, request.messageId, request.typing);
      return { success: true };
    }
    const { message } = request;
    const now = this.#o.clock.now();
    let requestHash = '';
    if (input.idempotencyKey !== undefined) {
      if (!/^[\x21-\x7e]{1,255}$/.test(input.idempotencyKey)) throw invalidParameter('Idempotency-Key must be 1 to 255 visible ASCII characters');
      requestHash = createHash('sha256').update(JSON.stringify([number.id, input.body])).digest('hex');
      const earlier = await this.#replay(businessId, input.idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    // Media by id must exist when the send is accepted; a `link` is fetched by the platform at dispatch.
    if (isMediaType(message.type) && !Array.isArray(message.content) && typeof message.content.id === 'string') {
      await this.#o.media.checkSendable({ businessId, kind: message.type, id: message.content.id });
    }
    // A template must exist, be approved and fit its parameters before the send is accepted (spec §9).
    const template = message.type === 'template' ? await this.#o.templates.checkSend({ wabaId: number.wabaId, content: message.content }) : undefined;
    await this.#checkBudget({ businessId, number, waId: message.to.waId, category: template?.template.category });
    const id = newWamid(message.to.waId, now);
    const answer: SendAnswer = { messaging_product: 'whatsapp', contacts: [{ input: message.to.input, wa_id: message.to.waId }], messages: [{ id }] };
    const stored = toStored({ id, message, number, now });
    try {
      await this.#o.committer.submit(async (trx) => {
        const runAt = await this.#pace(trx, number, message.to.waId, now);
        await sql.insertMessage(trx, stored);
        await this.#o.hooks?.committing(trx, stored);
        await enqueue(trx, { clock: this.#o.clock, definition: dispatchMessage, payload: { messageId: id }, runAt });
        if (input.idempotencyKey !== undefined) {
          await sql.saveIdempotent(trx, { businessId, key: input.idempotencyKey, requestHash, response: answer, now, since: now - IDEMPOTENCY_WINDOW_MS });
        }
      });
    } catch (error) {
      // A concurrent request with the same key committed first: answer what it answered.
      const earlier = input.idempotencyKey !== undefined ? await this.#replay(businessId, input.idempotencyKey, requestHash) : undefined;
      if (earlier) return earlier;
      throw error;
    }
    this.#o.hooks?.committed({ message: stored });
    return answer;
  }

  /**
   * A business with a monthly budget: a send whose price would take the month's spend past it is
   * refused before it can cost anything (131042, Meta's payment-issue error). Without a budget
   * this costs one cached read.
   */
  async #checkBudget(input: { businessId: BusinessId; number: PhoneNumber; waId: string; category: string | undefined }): Promise<void> {
    const { billing } = this.#o;
    if ((await billing.settings(input.businessId)).budgetMicros === null) return;
    const windows = await sql.findWindowFacts(this.#o.store.db, input.businessId, input.number.id, input.waId);
    const templateCategory = input.category?.toLowerCase() as TemplateCategory | undefined;
    const overBudget = budgetProblem(await billing.quote({ number: input.number, waId: input.waId, templateCategory, windows, now: this.#o.clock.now() }));
    if (overBudget) throw new GraphError('paymentIssue', overBudget);
  }

  /**
   * When this message may be handed over: the user's pair rate and the number's throughput
   * (src/messaging/pacing.ts), so a burst is smoothed rather than refused by the platform; a number
   * whose schedule already runs more than the backlog ahead answers 130429.
   */
  async #pace(trx: Executor, number: PhoneNumber, waId: string, now: number): Promise<number> {
    const { dialect } = this.#o.store;
    const rate = throughputRate(number.throughputLevel);
    const numberAt = slotFor(now, await sql.reserveSlot(trx, dialect, `number:${number.id}`, now, rate.intervalMs), rate, DISPATCH_HEADROOM_MS);
    const backlogMs = this.#o.backlogMs ?? DEFAULT_BACKLOG_MS;
    if (numberAt - now > backlogMs) {
      throw new GraphError('rateLimitHit', `Phone number ${number.id} already has more than ${Math.round(backlogMs / 1000)} s of sends queued at its throughput; slow down`);
    }
    const pairAt = slotFor(now, await sql.reserveSlot(trx, dialect, `pair:${number.id}:${waId}`, now, PAIR_RATE.intervalMs), PAIR_RATE, DISPATCH_HEADROOM_MS);
    // Job times are whole milliseconds; a slot is never taken early.
    return Math.ceil(Math.max(numberAt, pairAt));
  }

  async #replay(businessId: BusinessId, key: string, requestHash: string): Promise<SendAnswer | undefined> {
    const earlier = await sql.findIdempotent(this.#o.store.db, businessId, key, this.#o.clock.now() - IDEMPOTENCY_WINDOW_MS);
    if (!earlier) return undefined;
    if (earlier.requestHash !== requestHash) throw invalidParameter('Idempotency-Key was already used with a different request in the last 24 hours');
    return earlier.response as SendAnswer;
  }

  async markRead(businessId: BusinessId, phoneNumberId: PhoneNumberId, messageId: string, typing: boolean): Promise<void> {
    const inbound = await sql.findMessage(this.#o.store.db, businessId, messageId);
    if (!inbound || inbound.direction !== 'in' || inbound.phoneNumberId !== phoneNumberId) {
      throw new GraphError('parameterValueInvalid', `message_id: ${messageId} is not a message this number received`);
    }
    await this.#o.upstream.markRead({ phoneNumberId, messageId, typing });
    if (inbound.status !== 'read') await sql.moveStatus(this.#o.store.db, { id: messageId, from: inbound.status, to: 'read', now: this.#o.clock.now() });
  }

  /** The `message.dispatch` job. Handing over twice is harmless: the upstream recognises the id (meta-cloud: `meta_handovers`). */
  async dispatch(messageId: string): Promise<void> {
    const message = await sql.findMessageById(this.#o.store.db, messageId);
    if (!message || message.status !== 'accepted') return;
    try {
      await this.#o.upstream.sendMessage({
        wamid: message.id,
        phoneNumberId: message.phoneNumberId as PhoneNumberId,
        to: message.waId,
        type: message.type,
        content: message.content,
        contextMessageId: message.contextMessageId ?? undefined,
        bizOpaqueCallbackData: message.bizOpaqueCallbackData ?? undefined,
      });
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      // Throttling and transient failures are for later, not failure (rules/retry.ts): the rate limits
      // and a throughput upgrade's minute soon, an outage ever later while the message waits.
      if (isTransient({ code: error.entry.code, httpStatus: error.httpStatus })) {
        const throttled = [130429, 131056, 131057].includes(error.entry.code);
        throw new DeferJobError(retryDelayMs(throttled ? 0 : this.#o.clock.now() - message.createdAt, Math.random()));
      }
      // A refusal the platform gives synchronously is final for this message: it fails with that error.
      await this.receive({
        wabaId: message.wabaId,
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { phone_number_id: message.phoneNumberId },
          statuses: [
            {
              id: message.id,
              status: 'failed',
              timestamp: String(Math.floor(this.#o.clock.now() / 1000)),
              recipient_id: message.waId,
              errors: [{ code: error.entry.code, title: error.entry.title, message: error.entry.title, error_data: { details: error.details } }],
            },
          ],
        },
      });
      throw new PermanentJobError(`refused by the upstream: ${error.message}`);
    }
  }

  /** The sink: what Meta's side reports, applied and passed on to the business. */
  async receive(change: UpstreamChange): Promise<void> {
    const value = change.value;
    if (change.field === 'messages' && Array.isArray(value.statuses)) {
      for (const status of value.statuses as StatusEntry[]) await this.#applyStatus(change, status);
      return;
    }
    if (change.field === 'messages' && Array.isArray(value.messages)) {
      await this.#applyInbound(change, value.messages as InboundEntry[]);
      return;
    }
    const waba = await this.#o.numbers.platformWaba(change.wabaId);
    if (!waba) return;
    const routes = await this.#o.webhooks.routesFor(waba.businessId, waba.id);
    await this.#o.committer.submit((trx) => this.#o.webhooks.publish(trx, { routes, businessId: waba.businessId, wabaId: waba.id, field: change.field, value }));
  }

  async #applyStatus(change: UpstreamChange, status: StatusEntry): Promise<void> {
    const message = await sql.findMessageById(this.#o.store.db, status.id);
    if (!message || message.direction !== 'out' || !isOutboundStatus(status.status)) return;
    if (!advances(message.status as OutboundStatus, status.status)) return;
    const number = await this.#o.numbers.platformNumber(message.phoneNumberId);
    if (!number) return;
    const businessId = message.businessId as BusinessId;
    const routes = await this.#o.webhooks.routesFor(businessId, message.wabaId, message.phoneNumberId);
    const entry: StatusEntry = {
      ...status,
      recipient_id: message.waId,
      ...(message.bizOpaqueCallbackData ? { biz_opaque_callback_data: message.bizOpaqueCallbackData } : {}),
    };
    const deliveredAt = Number(status.timestamp) * 1000 || this.#o.clock.now();
    const charged = status.pricing && (status.status === 'delivered' || status.status === 'read');
    const pricingContext = charged ? await this.#o.billing.prepare({ businessId, wabaId: message.wabaId, deliveredAt }) : undefined;
    const moved = await this.#o.committer.submit(async (trx) => {
      const moved = await sql.moveStatus(trx, { id: message.id, from: message.status, to: status.status, now: this.#o.clock.now(), ...(status.errors ? { errors: status.errors } : {}) });
      if (!moved) return false;
      await this.#applyPricing(trx, { message, status, deliveredAt, context: pricingContext, routes });
      await this.#o.webhooks.publish(trx, {
        routes,
        businessId,
        wabaId: message.wabaId,
        phoneNumberId: message.phoneNumberId,
        field: 'messages',
        value: { messaging_product: 'whatsapp', metadata: metadataOf(number), statuses: [entry] },
      });
      return true;
    });
    // A receipt that lost a race (the row moved meanwhile) is applied again from the row's new state.
    if (!moved) await this.#applyStatus(change, status);
    else this.#o.hooks?.committed({ message, status: entry });
  }

  /**
   * What a status says about money: a `sent` priced as a free entry point tells until when the
   * window lasts (its conversation's expiry); the `delivered` (or `read`) that carries pricing is
   * the ledger entry, since Meta charges on delivery (spec §7.1).
   */
  async #applyPricing(trx: Executor, options: { message: sql.StoredMessage; status: StatusEntry; deliveredAt: number; context: PricingContext | undefined; routes: Routes }): Promise<void> {
    const { message, status, context } = options;
    const { pricing } = status;
    if (!pricing) return;
    const key = { businessId: message.businessId, phoneNumberId: message.phoneNumberId, waId: message.waId };
    const expires = Number(status.conversation?.expiration_timestamp);
    if (status.status === 'sent' && pricing.type === 'free_entry_point' && expires > 0) await sql.setEntryPointUntil(trx, { ...key, until: expires * 1000 });
    if ((status.status !== 'delivered' && status.status !== 'read') || !context) return;
    const content = message.content as { name?: unknown; language?: { code?: unknown } };
    const template = message.type === 'template' ? `${String(content.name)}:${String(content.language?.code)}` : null;
    const recorded = await this.#o.billing.record(trx, {
      context,
      delivered: { ...key, messageId: message.id, businessId: message.businessId as BusinessId, wabaId: message.wabaId, template },
      pricing,
      deliveredAt: options.deliveredAt,
    });
    const warning = recorded.budgetWarning;
    if (warning) {
      // chatapp's own alert, in the shape of Meta's `account_alerts` (spec §4.7).
      await this.#o.webhooks.publish(trx, {
        routes: options.routes,
        businessId: message.businessId as BusinessId,
        wabaId: message.wabaId,
        field: 'account_alerts',
        value: {
          entity_type: 'BUSINESS',
          entity_id: message.businessId,
          alert_info: {
            alert_severity: 'WARNING',
            alert_status: 'ACTIVE',
            alert_type: 'CHATAPP_BUDGET_THRESHOLD_REACHED',
            alert_description: `${warning.percent}% of the monthly budget is spent in ${warning.month}: ${formatMicros(warning.spentMicros)} of ${formatMicros(warning.limitMicros)} ${context.card.currency}. Sends past the budget are refused.`,
          },
        },
      });
    }
  }

  async #applyInbound(change: UpstreamChange, entries: InboundEntry[]): Promise<void> {
    const metadata = change.value.metadata as { phone_number_id?: string } | undefined;
    const number = metadata?.phone_number_id ? await this.#o.numbers.platformNumber(metadata.phone_number_id) : undefined;
    if (!number) return;
    const contacts = (change.value.contacts ?? []) as { profile?: { name?: string }; wa_id: string }[];
    const routes = await this.#o.webhooks.routesFor(number.businessId, number.wabaId, number.id);
    const awaitingFile = await this.#importFiles(number, entries);
    const now = this.#o.clock.now();
    const committed = await this.#o.committer.submit(async (trx) => {
      const stored: sql.StoredMessage[] = [];
      for (const entry of entries) {
        if (await sql.findMessageById(trx, entry.id)) continue;
        const { from, id, timestamp, type, ...rest } = entry;
        const receivedAt = Number(timestamp) * 1000 || now;
        const inbound: sql.StoredMessage = {
          id,
          businessId: number.businessId,
          wabaId: number.wabaId,
          phoneNumberId: number.id,
          direction: 'in',
          waId: from,
          input: from,
          type,
          content: rest,
          contextMessageId: (rest.context as { id?: string } | undefined)?.id ?? null,
          bizOpaqueCallbackData: null,
          status: 'received',
          errors: null,
          createdAt: receivedAt,
          updatedAt: receivedAt,
        };
        await sql.insertMessage(trx, inbound);
        stored.push(inbound);
        // System messages and reactions are not the user writing; everything else opens or refreshes the window.
        if (type !== 'system') await sql.touchWindow(trx, { businessId: number.businessId, phoneNumberId: number.id, waId: from, at: receivedAt });
        if (rest.referral) await sql.markReferral(trx, { businessId: number.businessId, phoneNumberId: number.id, waId: from, at: receivedAt });
        const contact = contacts.find((c) => c.wa_id === from);
        if (contact?.profile?.name) await sql.upsertContact(trx, { businessId: number.businessId, waId: from, profileName: contact.profile.name, now });
        const value = { messaging_product: 'whatsapp', metadata: metadataOf(number), ...(contact ? { contacts: [contact] } : {}), messages: [entry] };
        // A file not fetched yet: its webhook waits for it (inbound-media.ts).
        if (awaitingFile.has(id)) await enqueue(trx, { clock: this.#o.clock, definition: fetchInboundMedia, payload: { messageId: id, value } });
        else await this.#o.webhooks.publish(trx, { routes, businessId: number.businessId, wabaId: number.wabaId, phoneNumberId: number.id, field: 'messages', value });
        await this.#o.hooks?.committing(trx, inbound);
      }
      return stored;
    });
    for (const message of committed) this.#o.hooks?.committed({ message });
  }

  /**
   * chatapp keeps its own copy of every file users send, fetched through the upstream before the
   * message is published, so the id its webhook names answers `GET /{media-id}` at once. Answers
   * the messages whose file could not be fetched now: a job fetches them (inbound-media.ts).
   */
  async #importFiles(number: PhoneNumber, entries: readonly InboundEntry[]): Promise<Set<string>> {
    const awaiting = new Set<string>();
    for (const entry of entries) {
      const file = inboundFileOf(entry);
      if (!file || (await sql.findMessageById(this.#o.store.db, entry.id))) continue;
      const receivedAt = Number(entry.timestamp) * 1000 || undefined;
      try {
        await this.#o.media.importInbound({ businessId: number.businessId, phoneNumberId: number.id, ...file, ...(receivedAt ? { receivedAt } : {}) });
      } catch {
        awaiting.add(entry.id);
      }
    }
    return awaiting;
  }

  /**
   * The `message.inbound_media` job: the file of a stored inbound message, fetched late, then the
   * message's webhook. On the last attempt the webhook goes out without the file, and the job is
   * buried with the reason, for the operator.
   */
  async completeInbound(payload: { messageId: string; value: Record<string, unknown> }, attempt: { last: boolean }): Promise<void> {
    const message = await sql.findMessageById(this.#o.store.db, payload.messageId);
    if (!message || message.direction !== 'in') return;
    const businessId = message.businessId as BusinessId;
    const file = inboundFileOf({ ...(message.content as Record<string, unknown>), type: message.type });
    let failure: unknown;
    try {
      if (file) await this.#o.media.importInbound({ businessId, phoneNumberId: message.phoneNumberId, ...file, receivedAt: message.createdAt });
    } catch (error) {
      if (!attempt.last) throw error;
      failure = error;
    }
    const routes = await this.#o.webhooks.routesFor(businessId, message.wabaId, message.phoneNumberId);
    await this.#o.committer.submit((trx) =>
      this.#o.webhooks.publish(trx, { routes, businessId, wabaId: message.wabaId, phoneNumberId: message.phoneNumberId, field: 'messages', value: payload.value }),
    );
    if (failure) throw new PermanentJobError(`message ${message.id} was published without its file: ${failure instanceof Error ? failure.message : String(failure)}`);
  }

  /** When the user last wrote to this number, for the console and dry runs. */
  lastInboundAt(businessId: BusinessId, phoneNumberId: string, waId: string): Promise<number | undefined> {
    return sql.findWindow(this.#o.store.db, businessId, phoneNumberId, waId);
  }

  /** The windows chatapp knows of between a number and a user: the service window, the last ad referral, the free entry point. */
  windowFacts(businessId: BusinessId, phoneNumberId: string, waId: string): ReturnType<typeof sql.findWindowFacts> {
    return sql.findWindowFacts(this.#o.store.db, businessId, phoneNumberId, waId);
  }

  getMessage(businessId: BusinessId, id: string): Promise<sql.StoredMessage | undefined> {
    return sql.findMessage(this.#o.store.db, businessId, id);
  }
}

const metadataOf = (number: PhoneNumber) => ({ display_phone_number: number.digits, phone_number_id: number.id });

function toStored(options: { id: string; message: OutboundMessage; number: PhoneNumber; now: number }): sql.StoredMessage {
  const { id, message, number, now } = options;
  return {
    id,
    businessId: number.businessId,
    wabaId: number.wabaId,
    phoneNumberId: number.id,
    direction: 'out',
    waId: message.to.waId,
    input: message.to.input,
    type: message.type,
    content: message.content,
    contextMessageId: message.contextMessageId ?? null,
    bizOpaqueCallbackData: message.bizOpaqueCallbackData ?? null,
    status: 'accepted',
    errors: null,
    createdAt: now,
    updatedAt: now,
  };
}
