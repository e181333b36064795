import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BusinessId } from '../core/brand.js';
import type { Clock } from '../core/clock.js';
import { invalidParameter, objectNotFound } from '../core/graph-errors.js';
import { newGraphId } from '../core/ids.js';
import type { Store } from '../store/database.js';
import { checkMedia } from '../rules/media/check.js';
import {
  checkHandleUse, isComplete, newHandle, newPublicKey, parseOffset, parseSessionRequest, presentProgress, sessionPath, UPLOAD_TTL_MS,
  type CompletedUpload, type UploadSession,
} from './resumable.js';
import { SNIFF_BYTES } from '../rules/media/sniff.js';
import * as sql from './store.js';

export interface UploadsServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** Bytes live in `<dataDir>/uploads/`: `<session>.part` while arriving, `<session>` once whole. */
  readonly dataDir: string;
}

/** Where a profile picture is served without a token, as Meta serves them from its CDN. */
export const PUBLIC_PICTURE_PATH = '/pps';

/**
 * The Resumable Upload API (see `resumable.ts`): sessions, chunks, handles and the files they name.
 * It stays chatapp's own, not handed to the upstream as media uploads are: a handle is only named
 * back to chatapp (a template's media example, checked here; a profile picture, which the upstream
 * gets as the public URL chatapp serves it at), and no send names it. A connector to Meta's Cloud
 * API would have to upload the file to Meta's own Resumable Upload API when it submits a template
 * with a media example, and pass Meta's handle on.
 */
export class UploadsService {
  readonly #o: UploadsServiceOptions;
  readonly #root: string;
  /** Sessions receiving a chunk in this process: a second chunk at once is refused, not interleaved. */
  readonly #busy = new Set<string>();

  constructor(options: UploadsServiceOptions) {
    this.#o = options;
    this.#root = path.join(options.dataDir, 'uploads');
  }

  /** `POST /{app-id}/uploads` → `{"id": "upload:<session>"}`. */
  async start(input: { businessId: BusinessId; appId: string; params: Record<string, unknown> }): Promise<{ id: string }> {
    const file = parseSessionRequest(input.params);
    const now = this.#o.clock.now();
    const session: UploadSession = {
      id: newGraphId(this.#o.clock),
      businessId: input.businessId,
      appId: input.appId,
      ...file,
      fileOffset: 0,
      sha256: null,
      handle: null,
      publicKey: newPublicKey(),
      createdAt: now,
      completedAt: null,
      expiresAt: now + UPLOAD_TTL_MS,
    };
    await sql.insertUploadSession(this.#o.store.db, session);
    return { id: sessionPath(session.id) };
  }

  /** `GET /upload:<session>` → how many bytes arrived: `{"id", "file_offset"}` (or the handle once whole). */
  async progress(businessId: BusinessId, sessionId: string): Promise<ReturnType<typeof presentProgress>> {
    return presentProgress(await this.#session(businessId, sessionId, 'get'));
  }

  /**
   * `POST /upload:<session>` with a `file_offset` header and the next bytes. The last chunk's
   * content is checked against the declared type before the handle is answered; a file that is
   * not what it says is refused and the session starts again from 0.
   */
  async append(input: { businessId: BusinessId; sessionId: string; offset: unknown; body: Readable }): Promise<ReturnType<typeof presentProgress>> {
    const session = await this.#session(input.businessId, input.sessionId, 'post');
    // A repeat of the last chunk (its answer lost on the way) gets the handle again.
    if (isComplete(session)) return presentProgress(session);
    const offset = parseOffset(input.offset, session);
    if (this.#busy.has(session.id)) throw invalidParameter(`file_offset: another chunk of ${sessionPath(session.id)} is still arriving; retry after it`);
    this.#busy.add(session.id);
    try {
      const received = await this.#write(session, offset, input.body);
      const to = offset + received;
      if (to < session.fileLength) {
        if (received > 0) await sql.advanceUpload(this.#o.store.db, { id: session.id, from: offset, to });
        return presentProgress({ ...session, fileOffset: to });
      }
      return presentProgress(await this.#finish(session, offset));
    } finally {
      this.#busy.delete(session.id);
    }
  }

  /** The finished upload a handle names, for a use that needs one of `accept` (code 100 naming `field` otherwise). */
  async use(input: { businessId: BusinessId; handle: unknown; accept: readonly string[]; field: string }): Promise<CompletedUpload> {
    const upload = typeof input.handle === 'string' ? await sql.findUploadByHandle(this.#o.store.db, input.businessId, input.handle) : undefined;
    return checkHandleUse({ upload, now: this.#o.clock.now(), accept: input.accept, field: input.field });
  }

  /** The path a file is shown at without a token, relative to chatapp's base URL. */
  publicPath(upload: CompletedUpload): string {
    return `${PUBLIC_PICTURE_PATH}/${upload.publicKey}`;
  }

  /** A file by its public key, with its bytes; undefined when there is none. */
  async openPublic(publicKey: string): Promise<{ upload: CompletedUpload; stream: Readable } | undefined> {
    if (!/^[A-Za-z0-9_-]{32}$/.test(publicKey)) return undefined;
    const upload = await sql.findUploadByPublicKey(this.#o.store.db, publicKey);
    if (!upload || !isComplete(upload)) return undefined;
    return { upload, stream: fs.createReadStream(this.#path(upload.id)) };
  }

  async #session(businessId: BusinessId, sessionId: string, method: 'get' | 'post'): Promise<UploadSession> {
    const session = await sql.findUploadSession(this.#o.store.db, businessId, sessionId);
    if (!session || session.expiresAt <= this.#o.clock.now()) throw objectNotFound(sessionPath(sessionId), method);
    return session;
  }

  #path(id: string, part = false): string {
    return path.join(this.#root, part ? `${id}.part` : id);
  }

  /** Appends a chunk at `offset` (cutting off whatever a crashed earlier chunk left past it) and makes it durable. */
  async #write(session: UploadSession, offset: number, body: Readable): Promise<number> {
    await fs.promises.mkdir(this.#root, { recursive: true });
    const file = this.#path(session.id, true);
    await (await fs.promises.open(file, 'a', 0o600)).close();
    await fs.promises.truncate(file, offset);
    const room = session.fileLength - offset;
    let received = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > room) return done(invalidParameter(`file_offset: the chunk runs past file_length (${session.fileLength} bytes)`));
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, meter, fs.createWriteStream(file, { flags: 'r+', start: offset }));
      const written = await fs.promises.open(file, 'r+');
      await written.sync().finally(() => written.close());
    } catch (error) {
      await fs.promises.truncate(file, offset).catch(() => undefined);
      throw error;
    }
    return received;
  }

  /** The file is whole: hash it, check its content, move it into place and record the handle. */
  async #finish(session: UploadSession, from: number): Promise<UploadSession> {
    const part = this.#path(session.id, true);
    const bytes = await fs.promises.readFile(part);
    try {
      checkMedia({ declared: session.fileType, size: bytes.length, head: bytes.subarray(0, SNIFF_BYTES) });
    } catch (error) {
      await fs.promises.rm(part, { force: true });
      await sql.advanceUpload(this.#o.store.db, { id: session.id, from, to: 0 });
      throw error;
    }
    await fs.promises.rename(part, this.#path(session.id));
    const done = { sha256: createHash('sha256').update(bytes).digest('hex'), handle: newHandle(session), at: this.#o.clock.now() };
    await sql.advanceUpload(this.#o.store.db, { id: session.id, from, to: session.fileLength, done });
    return { ...session, fileOffset: session.fileLength, ...done, completedAt: done.at };
  }
}
