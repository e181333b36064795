import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { newGraphId } from '../core/ids.js';
import type { Store } from '../store/database.js';
import { registerGraphObject } from '../store/graph-objects.js';
import { FileTooLargeError, MediaFiles, type StagedFile } from './files.js';
import { fetchMedia, type FetchedMedia } from './fetch.js';
import {
  checkMedia, isLive, kindOfMime, MAX_MEDIA_BYTES, MEDIA_TTL_MS, mediaUrl, signMediaUrl, verifyMediaUrl,
  type Media, type MediaFacts, type MediaKind, type MediaOrigin,
} from './model.js';
import { sniff } from './sniff.js';
import * as sql from './store.js';

export { MediaFetchError, type FetchedMedia } from './fetch.js';

export interface MediaServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Bytes live in `<dataDir>/media/`. */
  readonly dataDir: string;
  readonly log?: { warn(obj: object, msg: string): void };
  /** How long fetching a `link` may take in all (default 15 s). */
  readonly fetchTimeoutMs?: number;
}

const SECRET_KEY = 'media_url_secret';
/** Expired items whose bytes are removed per write: housekeeping paid for by the writers, a little at a time. */
const PURGE_BATCH = 20;
const MAX_FILENAME = 240;

/**
 * Media (spec §2): uploads, their Graph reads with signed download URLs, deletion, and the
 * platform's side — users' inbound files and the `link`s Meta fetches at dispatch.
 */
export class MediaService {
  readonly #o: MediaServiceOptions;
  readonly #files: MediaFiles;
  #secret: string | undefined;

  constructor(options: MediaServiceOptions) {
    this.#o = options;
    this.#files = new MediaFiles(path.join(options.dataDir, 'media'));
  }

  // ---- the business's Graph API -----------------------------------------------------------------

  /** Streams an upload to a temporary file; anything past the largest allowed file is refused with 131053. */
  async stage(source: Readable): Promise<StagedFile> {
    try {
      return await this.#files.stage(source, MAX_MEDIA_BYTES);
    } catch (error) {
      if (error instanceof FileTooLargeError) throw new GraphError('mediaUploadError', `The file is larger than ${MAX_MEDIA_BYTES} bytes, the most any media may be`);
      throw error;
    }
  }

  discard(staged: StagedFile): Promise<void> {
    return this.#files.discard(staged);
  }

  /** `POST /{phone-number-id}/media` once the file is staged: checked against spec §2, then kept for 30 days. */
  async upload(input: { businessId: BusinessId; phoneNumberId: string; mimeType: string; staged: StagedFile; filename?: string | undefined }): Promise<Media> {
    let facts: MediaFacts;
    try {
      facts = checkMedia({ declared: input.mimeType, size: input.staged.size, head: input.staged.head });
    } catch (error) {
      await this.#files.discard(input.staged);
      throw error;
    }
    return this.#keep({ ...input, facts, origin: 'upload' });
  }

  /** A live item of the business; anything else (unknown, another tenant's, expired, deleted) is not found. */
  async get(businessId: BusinessId, id: string, options: { method?: 'get' | 'delete' } = {}): Promise<Media> {
    const media = await sql.findMedia(this.#o.store.db, businessId, id);
    if (!media || !isLive(media, this.#o.clock.now())) throw objectNotFound(id, options.method ?? 'get');
    return media;
  }

  /** A download URL on `base`, signed and valid for 5 minutes. */
  async urlFor(media: Media, base: string): Promise<string> {
    return mediaUrl(base, signMediaUrl(await this.#urlSecret(), media.id, this.#o.clock.now()));
  }

  /** The item a signed URL names, for the business whose token came with it; undefined when the URL or the item is not good. */
  async resolveDownload(businessId: BusinessId, query: Record<string, unknown>): Promise<Media | undefined> {
    if (!verifyMediaUrl(await this.#urlSecret(), query, this.#o.clock.now())) return undefined;
    const media = await sql.findMedia(this.#o.store.db, businessId, query.mid);
    return media && isLive(media, this.#o.clock.now()) ? media : undefined;
  }

  /** The bytes of an item already found live. */
  read(media: Media): Readable {
    return this.#files.open(media.storageKey);
  }

  async delete(businessId: BusinessId, id: string): Promise<void> {
    const media = await this.get(businessId, id, { method: 'delete' });
    if (await sql.markDeleted(this.#o.store.db, businessId, id, this.#o.clock.now())) await this.#files.remove(media.storageKey);
  }

  /**
   * A send that names media by id must name a live item of the same business, of the message's
   * kind (a document may carry any file). Refused with 131009 naming `<type>.id`: the id is
   * well-formed but not a value WhatsApp can use.
   */
  async checkSendable(input: { businessId: BusinessId; kind: MediaKind; id: string }): Promise<void> {
    const { kind, id } = input;
    const media = await sql.findMedia(this.#o.store.db, input.businessId, id);
    if (!media || !isLive(media, this.#o.clock.now())) {
      throw new GraphError('parameterValueInvalid', `${kind}.id: ${id} is not a media id of this business, or it has expired or been deleted`);
    }
    if (kind !== 'document' && kindOfMime(media.mimeType) !== kind) {
      throw new GraphError('parameterValueInvalid', `${kind}.id: media ${id} is ${media.mimeType}, which cannot be sent as ${kind === 'image' || kind === 'audio' ? 'an' : 'a'} ${kind}`);
    }
  }

  // ---- the platform's side ----------------------------------------------------------------------

  /** A file a user sent: checked like an upload, kept for 7 days (spec §2). No type given: the content says. */
  async storeInbound(input: { businessId: BusinessId; phoneNumberId: string; kind: MediaKind; bytes: Buffer; mimeType?: string | undefined; filename?: string | undefined }): Promise<{ media: Media; animated: boolean }> {
    const declared = input.mimeType ?? sniff(input.bytes)?.mime ?? (input.kind === 'document' ? 'text/plain' : undefined);
    if (!declared) throw invalidParameter(`mime_type: is required when the content is not a recognised ${input.kind} format`);
    const facts = checkMedia({ declared, size: input.bytes.length, head: input.bytes, expectKind: input.kind });
    const staged = await this.#files.stageBuffer(input.bytes);
    const media = await this.#keep({ ...input, facts, staged, origin: 'inbound' });
    return { media, animated: facts.animated };
  }

  /** What Meta does with a `link` at dispatch: fetch it (http/https, 15 s, the kind's size cap) and check it. Throws MediaFetchError. */
  fetchLink(url: string, kind: MediaKind): Promise<FetchedMedia> {
    return fetchMedia(url, { kind, timeoutMs: this.#o.fetchTimeoutMs ?? 15_000 });
  }

  /** A live item by id, for the simulated phones that show it (the platform knows the business from the number). */
  async find(businessId: BusinessId, id: string): Promise<Media | undefined> {
    const media = await sql.findMedia(this.#o.store.db, businessId, id);
    return media && isLive(media, this.#o.clock.now()) ? media : undefined;
  }

  /** Removes the bytes of expired items and marks their rows; returns how many it purged. */
  async purgeExpired(limit = PURGE_BATCH): Promise<number> {
    const now = this.#o.clock.now();
    let purged = 0;
    for (const media of await sql.findExpired(this.#o.store.db, now, limit)) {
      if (await sql.markPurged(this.#o.store.db, media.id, now)) {
        await this.#files.remove(media.storageKey);
        purged += 1;
      }
    }
    return purged;
  }

  // ---- internals --------------------------------------------------------------------------------

  async #keep(input: { businessId: BusinessId; phoneNumberId: string; facts: MediaFacts; staged: StagedFile; filename?: string | undefined; origin: MediaOrigin }): Promise<Media> {
    const now = this.#o.clock.now();
    const id = newGraphId(this.#o.clock);
    const media: Media = {
      id,
      businessId: input.businessId,
      phoneNumberId: input.phoneNumberId,
      mimeType: input.facts.mimeType,
      sha256: input.staged.sha256,
      fileSize: input.staged.size,
      filename: cleanFilename(input.filename),
      origin: input.origin,
      storageKey: this.#files.keyFor(id),
      createdAt: now,
      expiresAt: now + MEDIA_TTL_MS[input.origin],
      deletedAt: null,
    };
    // The file is in place before its row exists, so a row always has its bytes; a crash in between leaves a stray file only.
    try {
      await this.#files.commit(input.staged, media.storageKey);
    } catch (error) {
      await this.#files.discard(input.staged);
      throw error;
    }
    try {
      await this.#o.store.transaction(async (trx) => {
        await sql.insertMedia(trx, media);
        await registerGraphObject(trx, { id, kind: 'media', businessId: input.businessId });
      });
    } catch (error) {
      await this.#files.remove(media.storageKey);
      throw error;
    }
    await this.purgeExpired().catch((error: unknown) => this.#o.log?.warn({ err: error }, 'media purge failed'));
    return media;
  }

  /** The install's signing secret: created at first use, then shared by every process through `settings`. */
  async #urlSecret(): Promise<string> {
    this.#secret ??= await sql.ensureSetting(this.#o.store.db, SECRET_KEY, randomBytes(32).toString('base64url'));
    return this.#secret;
  }
}

/** A file name without directories or control characters, at most 240 characters; empty is none. */
function cleanFilename(name: string | undefined): string | null {
  if (!name) return null;
  // eslint-disable-next-line no-control-regex
  const base = name.split(/[\\/]/).pop()!.replace(/[\x00-\x1f\x7f]/g, '').trim();
  return base ? [...base].slice(0, MAX_FILENAME).join('') : null;
}
