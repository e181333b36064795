import type { Clock } from '../../core/clock.js';
import { GraphError } from '../../core/graph-errors.js';
import type { Store } from '../../store/database.js';
import type { MessagesPort, UpstreamMessage } from '../port/messages.js';
import { GraphTransportError, type GraphClient } from './graph-client.js';
import type { MetaLinks } from './links.js';
import type { MetaCounters } from './metrics.js';
import * as sql from './store.js';
import { isTransient } from '../../rules/retry.js';

interface SendAnswer {
  readonly messages?: readonly { readonly id?: string }[];
}

/**
 * `POST /{phone-number-id}/messages` on Meta. A message keeps chatapp's wamid for the business; Meta
 * names it anew, and the pair is kept (`meta_handovers`). Meta recognises no repeat, so a hand-over
 * is written down (durably) before the request leaves: a second attempt that finds it unanswered
 * does not send again but fails the message with 1390001 (README, "Running on Meta's Cloud API").
 * A refusal or a connection never made drops the record, so the job may try again.
 */
export class MetaMessages implements MessagesPort {
  readonly #o: { store: Store; clock: Clock; graph: GraphClient; links: MetaLinks; counters: MetaCounters };

  constructor(options: { store: Store; clock: Clock; graph: GraphClient; links: MetaLinks; counters: MetaCounters }) {
    this.#o = options;
  }

  async sendMessage(message: UpstreamMessage): Promise<{ wamid: string }> {
    const { store, graph, links } = this.#o;
    const token = await links.token({ phoneNumberId: message.phoneNumberId });
    const prior = await sql.findHandover(store.db, message.wamid);
    if (prior?.metaWamid) return { wamid: prior.metaWamid };
    if (prior) {
      this.#o.counters.handover('unknown');
      throw new GraphError('handoverUnknown', 'chatapp handed this message to Meta and stopped before Meta answered; it may or may not have been sent, and is not sent again. Send it again if it matters.');
    }
    const body = await this.#body(message);
    await sql.startHandover(store.db, { wamid: message.wamid, phoneNumberId: message.phoneNumberId, now: this.#o.clock.now() });
    await store.durable();
    let answer: SendAnswer;
    try {
      answer = await graph.call<SendAnswer>({ method: 'POST', path: `/${message.phoneNumberId}/messages`, token, json: body });
    } catch (error) {
      // Meta answered (a refusal, a throttle, a 5xx in its envelope) or no connection was made: it does not have the message.
      if (!(error instanceof GraphTransportError) || !error.reached) await sql.dropHandover(store.db, message.wamid);
      const transient = error instanceof GraphError && isTransient({ code: error.entry.code, httpStatus: error.httpStatus });
      this.#o.counters.handover(transient ? 'retry' : 'refused');
      throw error;
    }
    const metaWamid = answer.messages?.[0]?.id;
    if (typeof metaWamid !== 'string') throw new GraphError('handoverUnknown', 'Meta accepted the message but answered no wamid');
    await sql.answerHandover(store.db, { wamid: message.wamid, metaWamid, now: this.#o.clock.now() });
    this.#o.counters.handover('accepted');
    return { wamid: metaWamid };
  }

  async markRead(input: { phoneNumberId: string; messageId: string; typing: boolean }): Promise<void> {
    const token = await this.#o.links.token({ phoneNumberId: input.phoneNumberId });
    await this.#o.graph.call({
      method: 'POST',
      path: `/${input.phoneNumberId}/messages`,
      token,
      json: { messaging_product: 'whatsapp', status: 'read', message_id: input.messageId, ...(input.typing ? { typing_indicator: { type: 'text' } } : {}) },
    });
  }

  /** The Cloud API body, with the ids of messages chatapp sent (a reply's context, a reaction's target) as Meta knows them. */
  async #body(message: UpstreamMessage): Promise<Record<string, unknown>> {
    const db = this.#o.store.db;
    const metaId = async (id: string): Promise<string> => (await sql.metaWamid(db, id)) ?? id;
    let content = message.content;
    if (message.type === 'reaction' && typeof (content as { message_id?: unknown }).message_id === 'string') {
      content = { ...(content as object), message_id: await metaId((content as { message_id: string }).message_id) };
    }
    return {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: message.to,
      type: message.type,
      [message.type]: content,
      ...(message.contextMessageId ? { context: { message_id: await metaId(message.contextMessageId) } } : {}),
      ...(message.bizOpaqueCallbackData ? { biz_opaque_callback_data: message.bizOpaqueCallbackData } : {}),
    };
  }
}
