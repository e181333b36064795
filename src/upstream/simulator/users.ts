import type { Readable } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { invalidParameter } from '../../core/graph-errors.js';
import { parseInternational } from '../../core/phone.js';
import { TtlCache } from '../../core/ttl-cache.js';
import { isMediaKind } from '../../rules/media/kinds.js';
import type { Store } from '../../store/database.js';
import { behaviourOf, defaultProfileName, type Behaviour, type Latencies } from './model.js';
import type { SimMedia, SimulatedMedia } from './media.js';
import type { SimDirectory, SimNumber } from './directory.js';
import * as sql from './store.js';

/** The typing bubble shows until the business replies or for 25 seconds (spec §1.4). */
const TYPING_MS = 25_000;

/**
 * The simulated users and what their phones show: profiles and behaviours, the chat with a
 * business number (ticks, rendered templates, media, the typing bubble, the business's header).
 */
export interface PhonesOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly directory: SimDirectory;
  /** The platform's own media store (media.ts): what the phone shows of a file. */
  readonly media: Pick<SimulatedMedia, 'find' | 'open'>;
  readonly latencies: Latencies;
}

export class SimulatedPhones {
  readonly #o: PhonesOptions;
  readonly #typing = new Map<string, number>();
  readonly #behaviours = new TtlCache<string, Behaviour>(1_000);

  constructor(options: PhonesOptions) {
    this.#o = options;
  }

  /**
   * A user's behaviour towards one business (its sandbox's user, migration 024), read on every
   * hand-over and receipt; the simulator API is the only writer.
   */
  behaviour(businessId: string, waId: string): Promise<Behaviour> {
    return this.#behaviours.get(`${businessId}:${waId}`, async () => behaviourOf(waId, this.#o.latencies, (await sql.findSimUser(this.#o.store.db, businessId, waId))?.behaviour));
  }

  showTyping(phoneNumberId: string, waId: string): void {
    this.#typing.set(`${phoneNumberId}:${waId}`, this.#o.clock.now() + TYPING_MS);
  }

  stopTyping(phoneNumberId: string, waId: string): void {
    this.#typing.delete(`${phoneNumberId}:${waId}`);
  }

  async createUser(input: { businessId: string; phone: string; profileName?: string; behaviour?: Partial<Behaviour> }): Promise<SimUserView> {
    const parsed = parseInternational(input.phone);
    if (!parsed) throw invalidParameter('phone: must be a full international phone number');
    const existing = await sql.findSimUser(this.#o.store.db, input.businessId, parsed.digits);
    await sql.upsertSimUser(this.#o.store.db, {
      businessId: input.businessId,
      waId: parsed.digits,
      profileName: input.profileName?.trim() || existing?.profileName || defaultProfileName(parsed.digits),
      behaviour: { ...existing?.behaviour, ...input.behaviour },
      now: this.#o.clock.now(),
    });
    this.#behaviours.delete(`${input.businessId}:${parsed.digits}`);
    return this.getUser(input.businessId, parsed.digits);
  }

  /** The user as one business's sandbox knows them: its stored profile, or the defaults of the number. */
  async getUser(businessId: string, phone: string): Promise<SimUserView> {
    const parsed = parseInternational(phone);
    if (!parsed) throw invalidParameter('phone: must be a full international phone number');
    const stored = await sql.findSimUser(this.#o.store.db, businessId, parsed.digits);
    return {
      wa_id: parsed.digits,
      profile_name: stored?.profileName ?? defaultProfileName(parsed.digits),
      behaviour: behaviourOf(parsed.digits, this.#o.latencies, stored?.behaviour),
    };
  }

  async listUsers(businessId: string): Promise<SimUserView[]> {
    const users = await sql.listSimUsers(this.#o.store.db, businessId, 200);
    return users.map((u) => ({ wa_id: u.waId, profile_name: u.profileName, behaviour: behaviourOf(u.waId, this.#o.latencies, u.behaviour) }));
  }

  /**
   * What the user's phone shows in the chat with one business number. A media message shows its
   * caption and a `url` to fetch the file: `<mediaBase>/simulator/media/<message id>` for files the
   * platform holds, or the `link` itself, which the sandbox does not keep a copy of.
   */
  async chat(waId: string, number: SimNumber, mediaBase = ''): Promise<{ business: Record<string, unknown>; typing: boolean; messages: unknown[] }> {
    const messages = await sql.listChat(this.#o.store.db, waId, number.id, 200);
    const typingUntil = this.#typing.get(`${number.id}:${waId}`) ?? 0;
    return {
      // The chat header: the business's name and what its profile tells users.
      business: {
        phone_number_id: number.id,
        display_phone_number: number.displayPhoneNumber,
        verified_name: number.verifiedName,
        // Meta Verified: the badge beside the name.
        is_official_business_account: number.official,
        profile: profileShown(number.profile, mediaBase),
      },
      typing: typingUntil > this.#o.clock.now(),
      messages: messages.map((m) => {
        const shown = m.type === 'contacts' ? m.content : (m.content as Record<string, unknown>)[m.type] ?? m.content;
        const link = (shown as { link?: unknown }).link;
        const media = isMediaKind(m.type) ? { ...(shown as object), url: typeof link === 'string' ? link : `${mediaBase}/simulator/media/${encodeURIComponent(m.id)}` } : undefined;
        return {
          id: m.id,
          from: m.direction === 'out' ? 'business' : 'user',
          type: m.type,
          [m.type]: media ?? shown,
          status: m.status,
          timestamp: Math.floor(m.createdAt / 1000),
        };
      }),
    };
  }

  /** The file a media message in a chat shows, for the phone's view: undefined when there is none or it is gone. */
  async messageMedia(messageId: string): Promise<{ media: SimMedia; stream: Readable } | undefined> {
    const message = await sql.findSimMessage(this.#o.store.db, messageId);
    if (!message || !isMediaKind(message.type)) return undefined;
    const number = await this.#o.directory.number(message.phoneNumberId);
    const content = message.direction === 'in' ? (message.content as Record<string, unknown>)[message.type] : message.content;
    const id = (content as { id?: unknown } | undefined)?.id;
    if (!number || typeof id !== 'string') return undefined;
    const media = await this.#o.media.find(number.businessId, id);
    return media && { media, stream: await this.#o.media.open(media) };
  }
}

export interface SimUserView {
  wa_id: string;
  profile_name: string;
  behaviour: Behaviour;
}

/** The business profile as the chat header shows it; a picture chatapp serves is named by its path, under `base`. */
function profileShown(profile: Readonly<Record<string, unknown>>, base: string): Record<string, unknown> {
  const picture = profile.profile_picture_url;
  const websites = Array.isArray(profile.websites) && profile.websites.length > 0 ? profile.websites : undefined;
  return {
    ...profile,
    messaging_product: 'whatsapp',
    websites,
    profile_picture_url: typeof picture === 'string' && picture.startsWith('/') ? `${base.replace(/\/+$/, '')}${picture}` : picture,
  };
}
