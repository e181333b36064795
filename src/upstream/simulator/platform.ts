import { Type } from '@sinclair/typebox';
import type { PhoneNumberId } from '../../core/brand.js';
import type { Clock } from '../../core/clock.js';
import { GraphError, graphErrors, invalidParameter, type GraphErrorName } from '../../core/graph-errors.js';
import { parseInternational } from '../../core/phone.js';
import { newGraphId } from '../../core/ids.js';
import { newWamid } from '../../core/wamid.js';
import { FetchFileError } from '../../core/fetch-file.js';
import { isMediaKind } from '../../rules/media/kinds.js';
import { windowOpen } from '../../rules/window.js';
import { nextTat, PAIR_RATE, slotFor, throughputRate } from '../../rules/pacing.js';
import type { Rendered } from '../../rules/templates/index.js';
import { registeredStatuses } from '../../rules/numbers.js';
import type { Store } from '../../store/database.js';
import type { GroupCommitter } from '../../store/group-commit.js';
import { defineJob, enqueue, type JobRunner } from '../../store/queue.js';
import type { MessagesPort } from '../port/messages.js';
import type { UpstreamMessage, UpstreamSink } from '../types.js';
import { defaultProfileName, inboundTypes, MESSAGE_TTL_MS, ticksAdvance, ticksBefore, type Behaviour, type Latencies, type ReceiptStep, type Ticks } from './model.js';
import { setSimBilling } from './pricing-store.js';
import { completeReferral, SimulatedPricing } from './pricing.js';
import * as sql from './store.js';
import type { ClaimedReceipts, SimMessage } from './store.js';
import type { SimulatedBusinessLimits } from './business-limits.js';
import type { Tier } from './limits.js';
import type { SimulatedNumberQuality } from './number-quality.js';
import type { SimulatedNumberRegistry } from './number-registry.js';
import type { SimulatedTemplateQuality } from './template-quality.js';
import type { SimDirectory, SimNumber } from './directory.js';
import { simulatorJob } from './jobs.js';
import { announceReceipts } from './receipts.js';
import type { SimulatedMedia } from './media.js';
import { userMedia } from './user-media.js';
import { SimulatedPhones, type SimUserView } from './users.js';

/**
 * A receipt queued as a job by an earlier version (or another process not yet upgraded): it joins
 * its message's plan. Migration 022 moved the queued ones; this catches any written since.
 */
const legacyReceipt = simulatorJob(
  'sim.receipt',
  Type.Object({
    messageId: Type.String(),
    status: Type.Union([Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('read'), Type.Literal('failed')]),
    error: Type.Optional(Type.String()),
    details: Type.Optional(Type.String()),
  }),
);

const inbound = simulatorJob('sim.inbound', Type.Object({ messageId: Type.String() }));

/** Fetching a `link` takes up to 15 s (media.ts, src/core/fetch-file.ts); the job allows a little more. */
const mediaFetch = defineJob({
  kind: 'sim.media_fetch',
  payload: Type.Object({ messageId: Type.String() }),
  maxAttempts: 5,
  backoff: { baseMs: 1000, maxMs: 60_000 },
  timeoutMs: 20_000,
});

const autoReply = simulatorJob('sim.auto_reply', Type.Object({ phoneNumberId: Type.String(), waId: Type.String(), text: Type.String() }));

const failureDetails: Partial<Record<GraphErrorName, string>> = {
  undeliverable: 'Message Undeliverable.',
  reEngagement: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

export interface SimulatorOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Meta's records of numbers and WABAs (directory.ts). */
  readonly directory: SimDirectory;
  readonly committer: GroupCommitter;
  /** Meta's side's own media (media.ts): users' files, businesses' uploads, and the fetcher of `link`s. */
  readonly media: Pick<SimulatedMedia, 'find' | 'open' | 'receiveFromUser' | 'fetchLink'>;
  readonly latencies: Latencies;
  /** Meta's side knows the business's templates: it renders a template send, or refuses it. */
  readonly templates: TemplateRendering;
  /** Blocks and reports count against the template that reached the user last, and the number. */
  readonly quality: SimulatedTemplateQuality;
  readonly numberQuality: Pick<SimulatedNumberQuality, 'evaluate'>;
  /** The portfolio's messaging limit: business-initiated reach outside windows. */
  readonly limits: Pick<SimulatedBusinessLimits, 'reach' | 'considerScaling' | 'considerThroughput' | 'upgrading' | 'setTier' | 'setThroughput'>;
  /** Codes sent to numbers being verified: the sandbox reads them as from the number's SIM. */
  readonly registry: Pick<SimulatedNumberRegistry, 'codes'>;
}

export interface TemplateRendering {
  evaluateSend(input: { wabaId: string; content: unknown }): Promise<{ template: { id: string; category: string }; rendered: Rendered } | { error: GraphErrorName; details: string }>;
}

/**
 * Meta's side of the platform, in process: it accepts messages, decides their fate by the rules it
 * is the authority on, and reports back through the sink with the webhook values Meta would post.
 * Its users' phones deliver, read, reply, block and report on the sandbox clock.
 */
export class SimulatorPlatform implements MessagesPort {
  readonly #o: SimulatorOptions;
  #sink: UpstreamSink | undefined;
  readonly #phones: SimulatedPhones;
  readonly #pricing: SimulatedPricing;
  /** Theoretical arrival times of the platform's rate limits (src/messaging/pacing.ts), per number and per pair. */
  readonly #rates = new Map<string, number>();

  constructor(options: SimulatorOptions) {
    this.#o = options;
    this.#phones = new SimulatedPhones(options);
    this.#pricing = new SimulatedPricing(options);
  }

  /** The sink is chatapp's messaging service, which itself needs this upstream: they meet here. */
  connect(sink: UpstreamSink, runner: JobRunner): void {
    this.#sink = sink;
    runner.register(legacyReceipt, (p) =>
      this.#addStep(p.messageId, { status: p.status, at: this.#o.clock.now(), ...(p.error ? { error: p.error as GraphErrorName } : {}), ...(p.details ? { details: p.details } : {}) }),
    );
    runner.register(inbound, (p) => this.#deliverInbound(p.messageId));
    runner.register(mediaFetch, (p) => this.#fetchAndPlan(p.messageId));
    runner.register(autoReply, async (p) => {
      await this.userSends({ from: p.waId, phoneNumberId: p.phoneNumberId, message: { type: 'text', text: { body: p.text } } });
    });
  }

  get #sinkOrThrow(): UpstreamSink {
    if (!this.#sink) throw new Error('simulator is not connected to a sink');
    return this.#sink;
  }

  async sendMessage(message: UpstreamMessage): Promise<{ wamid: string }> {
    const number = await this.#connectedNumber(message.phoneNumberId);
    this.#enforceRates(number, message.to);
    const link = isMediaKind(message.type) ? (message.content as { link?: unknown }).link : undefined;
    const mediaProblem = await this.#mediaIdProblem(message, number);
    // A template is rendered as the phone will show it, with its category for pricing; one that
    // cannot be (paused since it was accepted, say) fails the message with Meta's error.
    const template = message.type === 'template' ? await this.#o.templates.evaluateSend({ wabaId: number.wabaId, content: message.content }) : undefined;
    const templateProblem = template && 'error' in template ? template : undefined;
    const content = template && !('error' in template) ? { ...(message.content as object), rendered: template.rendered, category: template.template.category } : message.content;
    const now = this.#o.clock.now();
    const user = await this.#phones.behaviour(number.businessId, message.to);
    const timeZone = await this.#pricing.timeZoneOf(number);
    await this.#o.committer.submit(async (trx) => {
      const fresh = await sql.insertSimMessage(trx, {
        id: message.wamid,
        phoneNumberId: number.id,
        waId: message.to,
        direction: 'out',
        type: message.type,
        content,
        status: 'pending',
        bizOpaqueCallbackData: message.bizOpaqueCallbackData ?? null,
        createdAt: now,
      });
      // Handed over before: the platform already decided this message's fate.
      if (!fresh) return;
      // A link is fetched by a job of its own: a slow host holds neither the hand-over nor other messages' commits.
      if (typeof link === 'string') {
        await enqueue(trx, { clock: this.#o.clock, definition: mediaFetch, payload: { messageId: message.wamid } });
        return;
      }
      if (template && !('error' in template)) {
        await this.#o.quality.recordSend(trx, { messageId: message.wamid, templateId: template.template.id, phoneNumberId: number.id, waId: message.to, now });
      }
      const category = template && !('error' in template) ? template.template.category : undefined;
      const plan = templateProblem
        ? [{ status: 'failed' as const, at: now, error: templateProblem.error, details: templateProblem.details }]
        : await this.#plan(trx, { message: { id: message.wamid, to: message.to, type: message.type, category }, number, timeZone, user, now, mediaProblem });
      await this.#schedule(trx, message.wamid, plan);
    });
    if (message.type === 'template') {
      await this.#o.limits.considerScaling(number.businessId);
      await this.#o.limits.considerThroughput(number.id);
    }
    return { wamid: message.wamid };
  }

  /** The message's receipts go on its own row, due at the first: the receipts worker reports them (receipts.ts). */
  async #schedule(trx: Store['db'], messageId: string, plan: readonly ReceiptStep[]): Promise<void> {
    await sql.setReceiptPlan(trx, messageId, plan);
    announceReceipts(plan, this.#o.clock.now());
  }

  /** One more step for a message's plan, in a transaction of its own. */
  async #addStep(messageId: string, step: ReceiptStep): Promise<void> {
    await this.#o.committer.submit(async (trx) => {
      await sql.addReceiptStep(trx, messageId, step);
      // Announced inside the transaction, so its commit wakes the worker.
      announceReceipts([step], this.#o.clock.now());
    });
  }

  /**
   * The `sim.media_fetch` job: Meta fetches a `link` when it sends the message (spec §1.3). A link
   * it cannot fetch or use fails the message with 131053 saying why; otherwise the message goes on
   * as any other. A repeat after a crash may plan twice; the receipts only move forward, so the
   * second plan changes nothing.
   */
  async #fetchAndPlan(messageId: string): Promise<void> {
    const message = await sql.findSimMessage(this.#o.store.db, messageId);
    if (!message || message.direction !== 'out' || message.status !== 'pending' || !isMediaKind(message.type)) return;
    const number = await this.#o.directory.number(message.phoneNumberId);
    if (!number) return;
    let mediaProblem: string | undefined;
    try {
      await this.#o.media.fetchLink(String((message.content as { link?: unknown }).link), message.type);
    } catch (error) {
      if (!(error instanceof FetchFileError)) throw error;
      mediaProblem = `${message.type}.link: ${error.message}`;
    }
    const now = this.#o.clock.now();
    const user = await this.#phones.behaviour(number.businessId, message.waId);
    const timeZone = await this.#pricing.timeZoneOf(number);
    await this.#o.committer.submit(async (trx) => {
      const plan = await this.#plan(trx, { message: { id: messageId, to: message.waId, type: message.type, category: undefined }, number, timeZone, user, now, mediaProblem });
      await this.#schedule(trx, messageId, plan);
    });
  }

  /** Decides what happens to a message and when (spec §9's order of checks, the asynchronous part). */
  async #plan(
    trx: Store['db'],
    options: { message: { id: string; to: string; type: string; category: string | undefined }; number: SimNumber; timeZone: string; user: Behaviour; now: number; mediaProblem: string | undefined },
  ): Promise<ReceiptStep[]> {
    const { message, number, timeZone, user, now, mediaProblem } = options;
    if (!user.onWhatsApp || (await sql.isBlocked(trx, message.to, number.id))) return [{ status: 'failed', at: now, error: 'undeliverable' }];
    // Only templates may open a conversation outside the customer service window (spec §6.1), and
    // only as many unique users a day as the portfolio's messaging limit allows (spec §6.3).
    const inWindow = windowOpen(await sql.lastInboundAt(trx, number.id, message.to), now);
    if (!inWindow) {
      if (message.type !== 'template') return [{ status: 'failed', at: now, error: 'reEngagement' }];
      if (number.status === 'RESTRICTED') return [{ status: 'failed', at: now, error: 'spamRateLimit', details: 'This number is restricted after sustained low quality: it may answer users, not start conversations' }];
      const refused = await this.#o.limits.reach(trx, { businessId: number.businessId, phoneNumberId: number.id, waId: message.to, now });
      if (refused) return [{ status: 'failed', at: now, ...refused }];
    }
    if (mediaProblem) return [{ status: 'failed', at: now, error: 'mediaUploadError', details: mediaProblem }];
    // What the message will be billed as is decided now, and carried by its sent and delivered statuses.
    const billing = await this.#pricing.decide(trx, { messageId: message.id, number, timeZone, waId: message.to, type: message.type, category: message.category, windowOpen: inWindow, now });
    await setSimBilling(trx, message.id, billing);
    if (message.type === 'reaction') return [{ status: 'sent', at: now }];
    if (user.offlineMs > MESSAGE_TTL_MS) return [{ status: 'sent', at: now }, { status: 'failed', at: now + MESSAGE_TTL_MS, error: 'undeliverable' }];
    const deliveredAt = now + user.offlineMs + this.#o.latencies.deliveryMs;
    const steps: { status: 'sent' | 'delivered' | 'read'; at: number }[] = [
      { status: 'sent', at: now },
      { status: 'delivered', at: deliveredAt },
    ];
    if (user.readAfterMs !== null) steps.push({ status: 'read', at: deliveredAt + user.readAfterMs });
    return steps;
  }

  /** An id whose media is gone since chatapp accepted the send: the message fails with 131053. */
  async #mediaIdProblem(message: UpstreamMessage, number: SimNumber): Promise<string | undefined> {
    if (!isMediaKind(message.type)) return undefined;
    const content = message.content as { id?: unknown };
    if (typeof content.id === 'string' && !(await this.#o.media.find(number.businessId, content.id))) {
      return `${message.type}.id: media ${content.id} is no longer available (deleted or expired)`;
    }
    return undefined;
  }

  /**
   * The receipts worker claimed a message whose next step is due: it is reported with the claimed
   * row (no read again), and the plan moves on in the same commit as the ticks, only while the
   * claim's lease holds. A step whose report failed stays: it is done again when the lease ends.
   */
  async runReceipt(claimed: ClaimedReceipts): Promise<void> {
    const [step, ...rest] = claimed.plan;
    const now = this.#o.clock.now();
    // The step is not due yet (its plan changed since the claim): only give the lease back.
    const advance = step && step.at > now ? claimed.plan : rest;
    const settle = async (trx: Store['db']) => {
      if (await sql.advanceReceiptPlan(trx, { id: claimed.message.id, leaseUntil: claimed.leaseUntil, rest: advance })) announceReceipts(advance, now);
    };
    if (!step || step.at > now) return this.#o.committer.submit(settle);
    await this.#receipt(claimed.message, step, settle);
  }

  async #receipt(message: SimMessage, step: ReceiptStep, settle: (trx: Store['db']) => Promise<void>): Promise<void> {
    const number = message.direction === 'out' ? await this.#o.directory.number(message.phoneNumberId) : undefined;
    // Receipts reach chatapp in order even when a later step comes first (a user reads a message
    // not yet delivered, or after a crash): a message is reported sent before delivered, and
    // delivered before read. Failed is final, and reported alone.
    const chain = ['sent', 'delivered', 'read'] as const;
    const statuses = step.status === 'failed' ? [step.status] : chain.slice(0, chain.indexOf(step.status) + 1);
    let ticks = message.status as Ticks;
    let settled = false;
    // A message of the user's, or of a number gone from the platform, has nothing to report.
    if (number) {
      for (const status of statuses) {
        if (!ticksAdvance(ticks, status)) continue;
        const own = status === step.status;
        ticks = await this.#report({ message, number, status, ...(own ? { error: step.error, details: step.details, settle } : {}) });
        settled ||= own;
      }
    }
    if (!settled) await this.#o.committer.submit(settle);
  }

  /** Reports one status of a message to chatapp, then moves the phone's ticks; returns the ticks then shown. */
  async #report(options: { message: SimMessage; number: SimNumber; status: ReceiptStep['status']; error?: GraphErrorName | undefined; details?: string | undefined; settle?: (trx: Store['db']) => Promise<void> }): Promise<Ticks> {
    const { message, number, status, error, details } = options;
    const now = this.#o.clock.now();
    const billing = message.billing;
    const entry: Record<string, unknown> = {
      id: message.id,
      status,
      timestamp: String(Math.floor(now / 1000)),
      recipient_id: message.waId,
      ...(message.bizOpaqueCallbackData ? { biz_opaque_callback_data: message.bizOpaqueCallbackData } : {}),
      // Pricing on `sent` and `delivered` (spec §4.5); the conversation's expiry only on `sent`.
      ...(billing && (status === 'sent' || status === 'delivered')
        ? { conversation: status === 'sent' ? billing.conversation : { id: billing.conversation.id, origin: billing.conversation.origin }, pricing: billing.pricing }
        : {}),
      ...(error ? { errors: [errorEntry(error, details)] } : {}),
    };
    // Tell chatapp first, then move the phone's ticks: a crash in between repeats the receipt, which chatapp absorbs.
    await this.#sinkOrThrow.receive({
      wabaId: number.wabaId,
      field: 'messages',
      value: { messaging_product: 'whatsapp', metadata: { display_phone_number: number.digits, phone_number_id: number.id }, statuses: [entry] },
    });
    const user = await this.#phones.behaviour(number.businessId, message.waId);
    const moved = await this.#o.committer.submit(async (trx) => {
      await options.settle?.(trx);
      if (!(await sql.setSimStatus(trx, message.id, ticksBefore(status), status))) return false;
      if (status === 'delivered' && user.blocksBusiness) await sql.setBlocked(trx, message.waId, number.id, true, now);
      if (status === 'delivered' && user.reportsBusiness) await sql.insertReport(trx, { id: newGraphId(this.#o.clock), waId: message.waId, phoneNumberId: number.id, reason: 'spam', now });
      const repliesNow = status === 'read' || (status === 'delivered' && user.readAfterMs === null);
      if (repliesNow && user.autoReply && message.type !== 'reaction') {
        await enqueue(trx, { clock: this.#o.clock, definition: autoReply, payload: { phoneNumberId: number.id, waId: message.waId, text: `Auto-reply: got your ${message.type}` }, runAt: now + 1000 });
      }
      return true;
    });
    if (moved && status === 'delivered' && (user.blocksBusiness || user.reportsBusiness)) {
      await this.#objected({ waId: message.waId, phoneNumberId: number.id, kind: user.reportsBusiness ? 'report' : 'block' });
    }
    if (moved) return status;
    // Another report moved the ticks meanwhile: go on from what the phone shows now.
    return ((await sql.findSimMessage(this.#o.store.db, message.id))?.status ?? 'failed') as Ticks;
  }

  async markRead(input: { phoneNumberId: PhoneNumberId; messageId: string; typing: boolean }): Promise<void> {
    const message = await sql.findSimMessage(this.#o.store.db, input.messageId);
    if (!message || message.direction !== 'in') throw new GraphError('parameterValueInvalid', `message_id: ${input.messageId} was not received by this number`);
    await sql.setSimStatus(this.#o.store.db, message.id, ['delivered'], 'read');
    // The typing bubble shows until the business replies or for 25 seconds (spec §1.4).
    if (input.typing) this.#phones.showTyping(input.phoneNumberId, message.waId);
  }

  // ---- the users' side ------------------------------------------------------------------------

  /** A simulated user sends a message to a business number; chatapp hears of it through the sink. */
  async userSends(input: { from: string; phoneNumberId: string; message: Record<string, unknown> }): Promise<{ id: string }> {
    const from = parseInternational(input.from);
    if (!from) throw invalidParameter('from: must be a full international phone number');
    const number = await this.#connectedNumber(input.phoneNumberId);
    const user = await this.#phones.behaviour(number.businessId, from.digits);
    if (!user.onWhatsApp) throw invalidParameter(`from: ${from.digits} has no WhatsApp account (a magic number: +1 555 000 0026)`);
    if (await sql.isBlocked(this.#o.store.db, from.digits, number.id)) throw invalidParameter('from: this user has blocked the business; unblock first');
    const { type, ...rest } = input.message;
    if (typeof type !== 'string' || !(inboundTypes as readonly string[]).includes(type)) {
      throw invalidParameter(`message.type must be one of ${inboundTypes.join(', ')}`);
    }
    if (!rest[type] || typeof rest[type] !== 'object') throw invalidParameter(`message.${type} is required`);
    if (type === 'text' && typeof (rest.text as { body?: unknown }).body !== 'string') throw invalidParameter('message.text.body must be a string');
    if (isMediaKind(type)) rest[type] = await userMedia({ media: this.#o.media, number, kind: type, given: rest[type] as Record<string, unknown> });
    // From an ad or a Page post: the business's reply within 24 h opens a free entry point (spec §6.2).
    if (rest.referral !== undefined) rest.referral = completeReferral(rest.referral);
    const now = this.#o.clock.now();
    const id = newWamid(from.digits, now);
    await this.#o.committer.submit(async (trx) => {
      await sql.insertSimMessage(trx, { id, phoneNumberId: number.id, waId: from.digits, direction: 'in', type, content: rest, status: 'delivered', bizOpaqueCallbackData: null, createdAt: now });
      if (rest.referral) await this.#pricing.recordReferral(trx, { phoneNumberId: number.id, waId: from.digits, at: now });
      await enqueue(trx, { clock: this.#o.clock, definition: inbound, payload: { messageId: id } });
    });
    this.#phones.stopTyping(number.id, from.digits);
    return { id };
  }

  async #deliverInbound(messageId: string): Promise<void> {
    const message = await sql.findSimMessage(this.#o.store.db, messageId);
    if (!message || message.direction !== 'in') return;
    const number = await this.#o.directory.number(message.phoneNumberId);
    if (!number) return;
    const profile = await sql.findSimUser(this.#o.store.db, number.businessId, message.waId);
    const content = message.content as Record<string, unknown>;
    const context = content.context as { id?: string; message_id?: string } | undefined;
    const entry = {
      from: message.waId,
      id: message.id,
      timestamp: String(Math.floor(message.createdAt / 1000)),
      type: message.type,
      ...content,
      ...(context ? { context: { from: number.digits, id: context.id ?? context.message_id } } : {}),
    };
    await this.#sinkOrThrow.receive({
      wabaId: number.wabaId,
      field: 'messages',
      value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: number.digits, phone_number_id: number.id },
        contacts: [{ profile: { name: profile?.profileName ?? defaultProfileName(message.waId) }, wa_id: message.waId }],
        messages: [entry],
      },
    });
  }

  /** The user reads a business message: blue ticks, and a `read` status for the business. */
  async userReads(waId: string, messageId: string): Promise<void> {
    const message = await sql.findSimMessage(this.#o.store.db, messageId);
    if (!message || message.direction !== 'out' || message.waId !== waId) throw notInChat(messageId);
    if (message.status === 'read' || message.status === 'failed') return;
    await this.#addStep(messageId, { status: 'read', at: this.#o.clock.now() });
  }

  /**
   * The user taps a quick-reply button of a template message: WhatsApp sends the business a
   * `button` message with the payload the send attached (or the label), in reply to that message.
   */
  async userTaps(waId: string, messageId: string, buttonIndex: number): Promise<{ id: string }> {
    const message = await sql.findSimMessage(this.#o.store.db, messageId);
    if (!message || message.direction !== 'out' || message.waId !== waId) throw notInChat(messageId);
    const rendered = (message.content as { rendered?: Rendered }).rendered;
    const button = rendered?.buttons[buttonIndex];
    if (!button) throw invalidParameter(`button_index: message ${messageId} has no button ${buttonIndex}`);
    if (button.type !== 'QUICK_REPLY') throw invalidParameter(`button_index: button ${buttonIndex} is a ${button.type} button, not a quick reply`);
    return this.userSends({
      from: `+${waId}`,
      phoneNumberId: message.phoneNumberId,
      message: { type: 'button', button: { payload: button.payload ?? button.text, text: button.text }, context: { id: messageId } },
    });
  }

  /** The user reports the business: WhatsApp also blocks it for them, as the app does when reporting. */
  async report(waId: string, phoneNumberId: string, reason: string): Promise<void> {
    await this.#connectedNumber(phoneNumberId);
    const now = this.#o.clock.now();
    await this.#o.committer.submit(async (trx) => {
      await sql.insertReport(trx, { id: newGraphId(this.#o.clock), waId, phoneNumberId, reason, now });
      await sql.setBlocked(trx, waId, phoneNumberId, true, now);
    });
    await this.#objected({ waId, phoneNumberId, kind: 'report' });
  }

  /**
   * The sandbox sets a number's throughput: HIGH is Meta's upgrade to 1,000 messages a second,
   * announced as `phone_number_quality_update` THROUGHPUT_UPGRADE; STANDARD (80) goes back, which
   * Meta never announces (chatapp's own THROUGHPUT_DOWNGRADE, applied but not forwarded).
   */
  async setThroughput(phoneNumberId: string, level: 'HIGH' | 'STANDARD'): Promise<void> {
    await this.#connectedNumber(phoneNumberId);
    await this.#o.limits.setThroughput(phoneNumberId, level);
  }


  /** The sandbox sets a business portfolio's messaging limit (limits.ts tiers). */
  async setMessagingLimit(businessId: string, tier: Tier): Promise<void> {
    await this.#o.limits.setTier(businessId, tier);
  }

  /** The verification codes sent to a number, newest first. */
  verificationCodes(phoneNumberId: string): ReturnType<SimulatedNumberRegistry['codes']> {
    return this.#o.registry.codes(phoneNumberId);
  }

  /** Reports of a number in the last `days` days (the quality rating's raw signal). */
  reportsSince(phoneNumberId: string, sinceMs: number): Promise<number> {
    return sql.countReports(this.#o.store.db, phoneNumberId, sinceMs);
  }

  async setBlocked(waId: string, phoneNumberId: string, blocked: boolean): Promise<void> {
    await this.#connectedNumber(phoneNumberId);
    await sql.setBlocked(this.#o.store.db, waId, phoneNumberId, blocked, this.#o.clock.now());
    if (blocked) await this.#objected({ waId, phoneNumberId, kind: 'block' });
    else await this.#o.numberQuality.evaluate(phoneNumberId);
  }

  // ---- users and their phones (users.ts) -----------------------------------------------------

  createUser(input: Parameters<SimulatedPhones['createUser']>[0]): Promise<SimUserView> {
    return this.#phones.createUser(input);
  }

  getUser(businessId: string, phone: string): Promise<SimUserView> {
    return this.#phones.getUser(businessId, phone);
  }

  listUsers(businessId: string): Promise<SimUserView[]> {
    return this.#phones.listUsers(businessId);
  }

  /** What the user's phone shows in the chat with one business number (users.ts). */
  async chat(waId: string, phoneNumberId: string, mediaBase = ''): ReturnType<SimulatedPhones['chat']> {
    return this.#phones.chat(waId, await this.#connectedNumber(phoneNumberId), mediaBase);
  }

  messageMedia(messageId: string): ReturnType<SimulatedPhones['messageMedia']> {
    return this.#phones.messageMedia(messageId);
  }

  // ---- whose is it (the sandbox API acts only on the caller's own) ----------------------------

  /**
   * The business a number belongs to, whatever its state, or undefined for a number the platform
   * does not know. The one place the sandbox learns a number's owner.
   */
  async numberOwner(phoneNumberId: string): Promise<string | undefined> {
    return (await this.#o.directory.number(phoneNumberId))?.businessId;
  }

  /** The business whose number a message of the simulator's was sent from or to. */
  async messageOwner(messageId: string): Promise<string | undefined> {
    const message = await sql.findSimMessage(this.#o.store.db, messageId);
    return message && this.numberOwner(message.phoneNumberId);
  }

  async #connectedNumber(phoneNumberId: string): Promise<SimNumber> {
    const number = await this.#o.directory.number(phoneNumberId);
    if (!number) throw unknownNumber(phoneNumberId);
    if (!registeredStatuses.includes(number.status)) throw new GraphError('notRegistered', `Phone number ${phoneNumberId} is not registered`);
    return number;
  }

  /**
   * Meta's own enforcement of a number's throughput (130429) and the pair rate (131056), on the
   * hand-overs as they arrive. chatapp paces its dispatch so these are rare.
   */
  #enforceRates(number: SimNumber, waId: string): void {
    if (this.#o.limits.upgrading(number.id)) throw new GraphError('maintenanceMode', `Phone number ${number.id} is being upgraded to a higher throughput; try again within a minute`);
    const now = this.#o.clock.now();
    const throughput = throughputRate(number.throughputLevel);
    const checks = [
      { key: `number:${number.id}`, rate: throughput, error: 'rateLimitHit' as const, details: `Throughput of ${number.id} exceeded (${Math.round(1000 / throughput.intervalMs)} messages per second)` },
      { key: `pair:${number.id}:${waId}`, rate: PAIR_RATE, error: 'pairRateLimit' as const, details: `Too many messages to ${waId} (one every 6 s, bursts of 45)` },
    ];
    const next = checks.map((c) => nextTat(this.#rates.get(c.key), now, c.rate));
    checks.forEach((c, i) => {
      if (slotFor(now, next[i]!, c.rate) > now) throw new GraphError(c.error, c.details);
    });
    checks.forEach((c, i) => this.#rates.set(c.key, next[i]!));
    if (this.#rates.size > 100_000) this.#rates.clear();
  }

  /** A user blocked or reported a number: its template and the number itself are rated again. */
  async #objected(input: { waId: string; phoneNumberId: string; kind: 'block' | 'report' }): Promise<void> {
    await this.#o.quality.userObjected(input);
    await this.#o.numberQuality.evaluate(input.phoneNumberId);
  }

}

/** What the platform answers for a number it does not know; the sandbox answers the same for another business's. */
export const unknownNumber = (phoneNumberId: string): GraphError => invalidParameter(`phone number ${phoneNumberId} does not exist on the platform`);

/** What the platform answers for a message outside the user's chat; the same for a chat of another business. */
export const notInChat = (messageId: string): GraphError => invalidParameter(`message_id: ${messageId} is not in this user's chat`);

function errorEntry(name: GraphErrorName, details?: string) {
  const e = graphErrors[name];
  return { code: e.code, title: e.title, message: e.title, error_data: { details: details ?? failureDetails[name] ?? e.title }, href: '/documentation/business-messaging/whatsapp/support/error-codes' };
}
