import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Clock } from '../../core/clock.js';
import { fetchFile, FetchFileError } from '../../core/fetch-file.js';
import { GraphError, invalidParameter, objectNotFound } from '../../core/graph-errors.js';
import { newGraphId } from '../../core/ids.js';
import { signLink, verifyLink } from '../../core/signed-link.js';
import { checkMedia, cleanFilename, judgeLinkedMedia, type MediaFacts } from '../../rules/media/check.js';
import { MEDIA_TTL_MS, MEDIA_URL_TTL_MS, maxBytesFor, type MediaKind } from '../../rules/media/kinds.js';
import { SNIFF_BYTES, sniff } from '../../rules/media/sniff.js';
import type { Store } from '../../store/database.js';
import { FileStore } from '../../store/files.js';
import type { MediaPort, UpstreamMediaInfo } from '../port/media.js';
import * as sql from './media-store.js';
import type { SimMedia, SimMediaOrigin } from './media-store.js';

export type { SimMedia } from './media-store.js';

/**
 * Where `getMedia`'s URLs point: `<base>/simulator/files/<media id>?exp=<unix s>&sig=<hmac>`,
 * signed with the simulator's own secret and good for 5 minutes (spec §2), as Meta's lookaside
 * URLs are. In process, `download` resolves them without HTTP; a standalone simulator serves the
 * same path (with the access token, as Meta does). The base is the configured public URL, or none
 * (a relative URL) when there is none.
 */
export const SIM_FILES_PATH = '/simulator/files';

export interface SimulatedMediaOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Bytes live in `<dataDir>/sim-media/`; files from before migration 027 are adopted from `<dataDir>/media/`. */
  readonly dataDir: string;
  readonly publicUrl?: string | undefined;
  /** Whose a number is: a file belongs to the business whose number uploaded or received it. */
  readonly owners: { numberOwner(phoneNumberId: string): Promise<string | undefined> };
  /** How long fetching a `link` may take in all (default 15 s). */
  readonly fetchTimeoutMs?: number;
  readonly log?: { warn(obj: object, msg: string): void };
}

const SECRET_KEY = 'sim_media_url_secret';
/** Expired items whose bytes are removed per write: housekeeping paid for by the writers, a little at a time. */
const PURGE_BATCH = 20;
const LEGACY = 'chatapp:';

/**
 * Media on Meta's side (spec §2): what businesses upload for their sends (kept 30 days) and what
 * users send them (7 days), with their own table and folder. chatapp reaches it only through
 * the port (upload, getMedia, download, deleteMedia); the platform uses the rest.
 */
export class SimulatedMedia implements MediaPort {
  readonly #o: SimulatedMediaOptions;
  readonly #files: FileStore;
  #secret: string | undefined;

  constructor(options: SimulatedMediaOptions) {
    this.#o = options;
    this.#files = new FileStore({ root: path.join(options.dataDir, 'sim-media'), headBytes: SNIFF_BYTES });
  }

  // ---- the port: what a BSP asks of Meta -------------------------------------------------------

  /** `POST /{phone-number-id}/media`: checked as Meta checks an upload (100, 131053), kept 30 days. */
  async upload(input: { phoneNumberId: string; bytes: Buffer; mimeType: string; filename?: string | undefined }): Promise<{ id: string }> {
    const businessId = await this.#o.owners.numberOwner(input.phoneNumberId);
    if (!businessId) throw invalidParameter(`phone number ${input.phoneNumberId} does not exist on the platform`);
    const facts = checkMedia({ declared: input.mimeType, size: input.bytes.length, head: input.bytes.subarray(0, SNIFF_BYTES) });
    const media = await this.#keep({ businessId, phoneNumberId: input.phoneNumberId, origin: 'upload', bytes: input.bytes, facts, filename: input.filename });
    return { id: media.id };
  }

  /** `GET /{media-id}`: the file's facts and a URL good for 5 minutes; undefined once deleted or expired. */
  async getMedia(mediaId: string): Promise<UpstreamMediaInfo | undefined> {
    const media = await this.#live(mediaId);
    if (!media) return undefined;
    const signed = signLink(await this.#urlSecret(), media.id, this.#o.clock.now() + MEDIA_URL_TTL_MS);
    const query = new URLSearchParams({ exp: signed.exp, sig: signed.sig });
    const url = `${(this.#o.publicUrl ?? '').replace(/\/+$/, '')}${SIM_FILES_PATH}/${media.id}?${query.toString()}`;
    return { id: media.id, url, mime_type: media.mimeType, sha256: media.sha256, file_size: media.fileSize, messaging_product: 'whatsapp' };
  }

  /** `GET <url>`: the bytes, while the URL is good and the file is held; Meta's 404 (100, subcode 33) otherwise. */
  async download(url: string): Promise<{ bytes: Buffer; mimeType: string }> {
    const media = await this.#resolve(url);
    if (!media) throw new GraphError('objectNotFound', 'The media URL is invalid or has expired; get a new one with GET /{media-id}');
    return { bytes: await this.#bytes(media), mimeType: media.mimeType };
  }

  /** `DELETE /{media-id}`. */
  async deleteMedia(mediaId: string): Promise<void> {
    const media = await this.#live(mediaId);
    if (!media) throw objectNotFound(mediaId, 'delete');
    if (await sql.markSimMediaDeleted(this.#o.store.db, media.id, this.#o.clock.now())) await this.#remove(media);
  }

  // ---- the platform's own use ------------------------------------------------------------------

  /**
   * A file a simulated user sends: checked as WhatsApp checks it (no type given: the content
   * says), kept 7 days, as inbound media ids live (spec §2).
   */
  async receiveFromUser(input: { businessId: string; phoneNumberId: string; kind: MediaKind; bytes: Buffer; mimeType?: string | undefined; filename?: string | undefined }): Promise<{ media: SimMedia; animated: boolean }> {
    const declared = input.mimeType ?? sniff(input.bytes)?.mime ?? (input.kind === 'document' ? 'text/plain' : undefined);
    if (!declared) throw invalidParameter(`mime_type: is required when the content is not a recognised ${input.kind} format`);
    const facts = checkMedia({ declared, size: input.bytes.length, head: input.bytes.subarray(0, SNIFF_BYTES), expectKind: input.kind });
    const media = await this.#keep({ ...input, origin: 'user', facts });
    return { media, animated: facts.animated };
  }

  /** A live item of the business (a send by id, a phone showing it); another business's is none. */
  async find(businessId: string, id: string): Promise<SimMedia | undefined> {
    const media = await this.#live(id);
    return media?.businessId === businessId ? media : undefined;
  }

  /** The bytes of an item already found live, as a stream. */
  async open(media: SimMedia): Promise<Readable> {
    if (!media.storageKey.startsWith(LEGACY)) return this.#files.open(media.storageKey);
    return Readable.from([await this.#bytes(media)]);
  }

  /**
   * What Meta does with a `link` at dispatch (spec §1.3): fetch it (src/core/fetch-file.ts: http
   * or https, 15 s, the kind's size cap — a sticker's animated one until its content says static)
   * and check it is what the message needs. Throws FetchFileError saying why not.
   */
  async fetchLink(link: string, kind: MediaKind): Promise<MediaFacts> {
    const fetched = await fetchFile(link, {
      maxBytes: maxBytesFor(kind, true),
      timeoutMs: this.#o.fetchTimeoutMs ?? 15_000,
      headBytes: SNIFF_BYTES,
      what: `${kind} media`,
      userAgent: 'chatapp-simulator/1 (WhatsApp media fetch)',
    });
    const judged = judgeLinkedMedia({ ...fetched, kind });
    if ('problem' in judged) throw new FetchFileError(judged.problem);
    return judged.facts;
  }

  /** Removes the bytes of expired items and marks their rows; returns how many it purged. */
  async purgeExpired(limit = PURGE_BATCH): Promise<number> {
    const now = this.#o.clock.now();
    let purged = 0;
    for (const media of await sql.findExpiredSimMedia(this.#o.store.db, now, limit)) {
      if (await sql.markSimMediaDeleted(this.#o.store.db, media.id, now)) {
        await this.#remove(media);
        purged += 1;
      }
    }
    return purged;
  }

  // ---- internals ---------------------------------------------------------------------------------

  async #live(id: string): Promise<SimMedia | undefined> {
    if (!/^\d{1,32}$/.test(id)) return undefined;
    const media = await sql.findSimMedia(this.#o.store.db, id);
    return media && media.deletedAt === null && this.#o.clock.now() < media.expiresAt ? media : undefined;
  }

  /** The item a URL of `getMedia`'s names, while the URL is good; any other URL names none. */
  async #resolve(url: string): Promise<SimMedia | undefined> {
    let parsed: URL;
    try {
      parsed = new URL(url, 'http://simulator.invalid');
    } catch {
      return undefined;
    }
    const id = new RegExp(`^${SIM_FILES_PATH}/(\\d{1,32})$`).exec(parsed.pathname)?.[1];
    if (!id) return undefined;
    const query = { mid: id, exp: parsed.searchParams.get('exp') ?? undefined, sig: parsed.searchParams.get('sig') ?? undefined };
    if (!verifyLink(await this.#urlSecret(), query, this.#o.clock.now())) return undefined;
    return this.#live(id);
  }

  async #keep(input: { businessId: string; phoneNumberId: string; origin: SimMediaOrigin; bytes: Buffer; facts: MediaFacts; filename?: string | undefined }): Promise<SimMedia> {
    const now = this.#o.clock.now();
    const id = newGraphId(this.#o.clock);
    const staged = await this.#files.stageBuffer(input.bytes);
    const media: SimMedia = {
      id,
      businessId: input.businessId,
      phoneNumberId: input.phoneNumberId,
      origin: input.origin,
      mimeType: input.facts.mimeType,
      sha256: staged.sha256,
      fileSize: staged.size,
      filename: cleanFilename(input.filename),
      storageKey: this.#files.keyFor(id),
      createdAt: now,
      expiresAt: now + MEDIA_TTL_MS[input.origin === 'upload' ? 'upload' : 'inbound'],
      deletedAt: null,
    };
    // The file is in place before its row exists, so a row always has its bytes.
    try {
      await this.#files.commit(staged, media.storageKey);
    } catch (error) {
      await this.#files.discard(staged);
      throw error;
    }
    try {
      await sql.insertSimMedia(this.#o.store.db, media);
    } catch (error) {
      await this.#files.remove(media.storageKey);
      throw error;
    }
    await this.purgeExpired().catch((error: unknown) => this.#o.log?.warn({ err: error }, 'simulator media purge failed'));
    return media;
  }

  /** An item's bytes; a file from before migration 027 is first copied from chatapp's folder into the simulator's. */
  async #bytes(media: SimMedia): Promise<Buffer> {
    if (!media.storageKey.startsWith(LEGACY)) return this.#files.read(media.storageKey);
    const legacyKey = media.storageKey.slice(LEGACY.length);
    if (!/^\d{2}\/\d{1,32}$/.test(legacyKey)) throw objectNotFound(media.id);
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(path.join(this.#o.dataDir, 'media', legacyKey));
    } catch {
      throw objectNotFound(media.id);
    }
    const staged = await this.#files.stageBuffer(bytes);
    const key = this.#files.keyFor(media.id);
    await this.#files.commit(staged, key);
    await sql.moveSimMedia(this.#o.store.db, media.id, media.storageKey, key);
    return bytes;
  }

  async #remove(media: SimMedia): Promise<void> {
    if (!media.storageKey.startsWith(LEGACY)) await this.#files.remove(media.storageKey);
  }

  /** The simulator's signing secret: created at first use, then shared by every process through `settings`. */
  async #urlSecret(): Promise<string> {
    this.#secret ??= await sql.ensureSimSetting(this.#o.store.db, SECRET_KEY, randomBytes(32).toString('base64url'));
    return this.#secret;
  }
}
