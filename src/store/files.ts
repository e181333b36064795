import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A file written to a temporary name, hashed and measured, not yet in its place. */
export interface StagedFile {
  readonly tempPath: string;
  /** Hex. */
  readonly sha256: string;
  readonly size: number;
  /** The first bytes, for sniffing the content. */
  readonly head: Buffer;
}

/** Thrown when a stream runs past the most a stage accepts. */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
  }
}

/**
 * Files on disk under one root (chatapp's `<data dir>/media/`, the simulator's
 * `<data dir>/sim-media/`), one file per numeric id (`<last two digits>/<id>`, so no directory
 * grows past a hundredth of the total). Every file is written under a temporary name and renamed
 * into place, so a reader never sees half a file and a crash leaves only a temp file behind.
 */
export class FileStore {
  readonly #root: string;
  readonly #headBytes: number;

  /** `headBytes`: how many first bytes a staged file keeps for sniffing its content. */
  constructor(options: { root: string; headBytes: number }) {
    this.#root = options.root;
    this.#headBytes = options.headBytes;
  }

  keyFor(id: string): string {
    return `${id.slice(-2).padStart(2, '0')}/${id}`;
  }

  #path(key: string): string {
    if (!/^\d{2}\/\d{1,32}$/.test(key)) throw new Error(`not a media storage key: ${key}`);
    return path.join(this.#root, key);
  }

  async #tempPath(): Promise<string> {
    const dir = path.join(this.#root, 'tmp');
    await fs.promises.mkdir(dir, { recursive: true });
    return path.join(dir, `${randomBytes(12).toString('hex')}.part`);
  }

  /** Streams `source` to a temporary file, hashing it as it goes; more than `maxBytes` aborts with FileTooLargeError. */
  async stage(source: Readable, maxBytes: number): Promise<StagedFile> {
    const tempPath = await this.#tempPath();
    const hash = createHash('sha256');
    const head: Buffer[] = [];
    const headBytes = this.#headBytes;
    let size = 0;
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
        hash.update(chunk);
        if (headSize < headBytes) {
          head.push(chunk.subarray(0, headBytes - headSize));
          headSize += Math.min(chunk.length, headBytes - headSize);
        }
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, fs.createWriteStream(tempPath, { mode: 0o600 }));
    } catch (error) {
      await fs.promises.rm(tempPath, { force: true });
      throw error;
    }
    return { tempPath, sha256: hash.digest('hex'), size, head: Buffer.concat(head) };
  }

  async stageBuffer(bytes: Buffer): Promise<StagedFile> {
    const tempPath = await this.#tempPath();
    await fs.promises.writeFile(tempPath, bytes, { mode: 0o600 });
    return { tempPath, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, head: bytes.subarray(0, this.#headBytes) };
  }

  /** Moves a staged file into its place under `key`. */
  async commit(staged: StagedFile, key: string): Promise<void> {
    const target = this.#path(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(staged.tempPath, target);
  }

  async discard(staged: StagedFile): Promise<void> {
    await fs.promises.rm(staged.tempPath, { force: true });
  }

  open(key: string): fs.ReadStream {
    return fs.createReadStream(this.#path(key));
  }

  read(key: string): Promise<Buffer> {
    return fs.promises.readFile(this.#path(key));
  }

  /** A staged file's bytes, for handing on whole (an upload to the upstream). */
  readStaged(staged: StagedFile): Promise<Buffer> {
    return fs.promises.readFile(staged.tempPath);
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.#path(key), { force: true });
  }
}
