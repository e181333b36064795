import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { GraphError, objectNotFound } from '../core/graph-errors.js';
import { checkMedia, cleanFilename, type MediaFacts } from '../rules/media/check.js';
import { kindOfMime, MAX_MEDIA_BYTES, MEDIA_TTL_MS, type MediaKind } from '../rules/media/kinds.js';
import { SNIFF_BYTES } from '../rules/media/sniff.js';
import type { Store } from '../store/database.js';
import { FileStore, FileTooLargeError, type StagedFile } from '../store/files.js';
import { registerGraphObject } from '../store/graph-objects.js';
import type { Upstream } from '../upstream/types.js';
import { isLive, mediaUrl, signMediaUrl, verifyMediaUrl, type Media, type MediaOrigin } from './model.js';
import * as sql from './store.js';

export interface MediaServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Bytes live in `<dataDir>/media/`. */
  readonly dataDir: string;
  /** Meta's side: every upload is handed to it (its id names the file), and users' files are fetched from it. */
  readonly upstream: Pick<Upstream, 'upload' | 'getMedia' | 'download' | 'deleteMedia'>;
  readonly log?: { warn(obj: object, msg: string): void };
}

const SECRET_KEY = 'media_url_secret';
/** Expired items whose bytes are removed per write: housekeeping paid for by the writers, a little at a time. */
const PURGE_BATCH = 20;

/**
 * chatapp's media (spec §2): its own copy of every file, kept in step with Meta's side through the
 * upstream. An upload is checked here, handed to the upstream and kept under the id the upstream
 * answers, so a send by that id is good on both sides; a file a user sent is fetched through the
 * upstream (`getMedia` + `download`) and kept under the id the webhook names. The Graph reads
 * (`GET /{media-id}`, the signed download URL) answer from the copy.
 */
export class MediaService {
  readonly #o: MediaServiceOptions;
  readonly #files: FileStore;
  #secret: string | undefined;

  constructor(options: MediaServiceOptions) {
    this.#o = options;
    this.#files = new FileStore({ root: path.join(options.dataDir, 'media'), headBytes: SNIFF_BYTES });
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

  /**
   * `POST /{phone-number-id}/media` once the file is staged: checked against spec §2 (so a bad file
   * is refused before it travels), handed to the upstream, and kept for 30 days under the id the
   * upstream answered. A refusal of the upstream's is the answer, as Meta gave it.
   */
  async upload(input: { businessId: BusinessId; phoneNumberId: string; mimeType: string; staged: StagedFile; filename?: string | undefined }): Promise<Media> {
    let facts: MediaFacts;
    let id: string;
    try {
      facts = checkMedia({ declared: input.mimeType, size: input.staged.size, head: input.staged.head });
      const bytes = await this.#files.readStaged(input.staged);
      ({ id } = await this.#o.upstream.upload({ phoneNumberId: input.phoneNumberId, bytes, mimeType: facts.mimeType, filename: input.filename }));
    } catch (error) {
      await this.#files.discard(input.staged);
      throw error;
    }
    try {
      return await this.#keep({ ...input, id, mimeType: facts.mimeType, origin: 'upload' });
    } catch (error) {
      // Not kept here: Meta's side should not hold a file chatapp never answered an id for.
      await this.#o.upstream.deleteMedia(id, { phoneNumberId: input.phoneNumberId }).catch(() => undefined);
      throw error;
    }
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

  /** `DELETE /{media-id}`: deleted on Meta's side first (a file it no longer holds is fine), then here. */
  async delete(businessId: BusinessId, id: string): Promise<void> {
    const media = await this.get(businessId, id, { method: 'delete' });
    try {
      await this.#o.upstream.deleteMedia(id, { phoneNumberId: media.phoneNumberId });
    } catch (error) {
      // Meta refusing because the id is already gone (expired, deleted) leaves nothing to delete there.
      if (!(error instanceof GraphError) || error.httpStatus >= 500) throw error;
    }
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

  // ---- users' files, fetched from the upstream ------------------------------------------------

  /**
   * A file a user sent, named by an inbound webhook: fetched through the upstream (`GET /{media-id}`,
   * then its URL) and kept here under the same id for 7 days from receipt (spec §2), so the
   * business's `GET /{media-id}` answers from chatapp's copy. Already kept: nothing to do. Answers
   * undefined when the upstream no longer holds the file (nothing will ever come); any other
   * failure throws, for the caller to try again.
   */
  async importInbound(input: { businessId: BusinessId; phoneNumberId: string; id: string; filename?: string | undefined; receivedAt?: number }): Promise<Media | undefined> {
    const kept = await sql.findMedia(this.#o.store.db, input.businessId, input.id);
    if (kept) return kept;
    const owner = { phoneNumberId: input.phoneNumberId };
    const info = await this.#o.upstream.getMedia(input.id, owner);
    if (!info) return undefined;
    const file = await this.#o.upstream.download(info.url, owner);
    const staged = await this.#files.stageBuffer(file.bytes);
    if (staged.sha256 !== info.sha256.toLowerCase()) {
      await this.#files.discard(staged);
      throw new Error(`media ${input.id}: the download's sha256 is ${staged.sha256}, not the ${info.sha256} the upstream stated`);
    }
    return this.#keep({ ...input, mimeType: info.mime_type, staged, origin: 'inbound', createdAt: input.receivedAt });
  }

  /** A live item of the business by id, or undefined (the inbox's attachments). */
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

  async #keep(input: {
    id: string;
    businessId: BusinessId;
    phoneNumberId: string;
    mimeType: string;
    staged: StagedFile;
    filename?: string | undefined;
    origin: MediaOrigin;
    createdAt?: number | undefined;
  }): Promise<Media> {
    const { id } = input;
    // The id is the upstream's: kept already (a repeated import) is done; another business's is never overwritten.
    const existing = await sql.findMediaAnyBusiness(this.#o.store.db, id);
    if (existing) {
      await this.#files.discard(input.staged);
      if (existing.businessId === input.businessId) return existing;
      throw new Error(`media id ${id} from the upstream already names a file of another business`);
    }
    const createdAt = input.createdAt ?? this.#o.clock.now();
    const media: Media = {
      id,
      businessId: input.businessId,
      phoneNumberId: input.phoneNumberId,
      mimeType: input.mimeType,
      sha256: input.staged.sha256,
      fileSize: input.staged.size,
      filename: cleanFilename(input.filename),
      origin: input.origin,
      storageKey: this.#files.keyFor(id),
      createdAt,
      expiresAt: createdAt + MEDIA_TTL_MS[input.origin],
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
      // The same file kept at once by another import of the same id: its row is the one, with the same bytes.
      const other = await sql.findMediaAnyBusiness(this.#o.store.db, id);
      if (other?.businessId === input.businessId) return other;
      if (!other) await this.#files.remove(media.storageKey);
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
