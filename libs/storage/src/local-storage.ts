import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, rmdir, stat, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ByteCounter } from './byte-counter.js';
import { assertByteRange } from './byte-range.js';
import { InvalidObjectKeyError, ObjectNotFoundError, RangeNotSatisfiableError } from './errors.js';
import { assertObjectKey } from './object-key.js';
import type { ByteRange, ObjectStorage, PutOptions, SignedUrlOptions, StoredObject } from './object-storage.js';
import type { UrlSigner } from './url-signer.js';

/** Media files are large: 1 MiB chunks halve the cost of streaming them compared with Node's 64 KiB. */
export const CHUNK_BYTES = 1024 * 1024;

/** Errors meaning "no file there" (a key whose prefix is a file, or that names a directory, included). */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);
const isMissing = (err: unknown): boolean => MISSING.has((err as NodeJS.ErrnoException)?.code ?? '');

/**
 * Objects as files under `root`, one per key (nested directories per `/`).
 *
 * Two hidden directories sit beside them; keys start with [a-z0-9], so no key
 * can reach them:
 * - `.tmp/`: uploads in progress, renamed into place when complete (same
 *   file system, so the rename is atomic). A crash can leave files here.
 * - `.meta/<key>.json`: a sidecar holding the content type given to `put`
 *   (`head` returns null without one). Not `<key>.meta.json` beside the file,
 *   which another key could name.
 */
export class LocalStorage implements ObjectStorage {
  readonly driver = 'local' as const;
  readonly root: string;
  private readonly tmpDir: string;
  private readonly metaDir: string;

  constructor(
    root: string,
    private readonly signer: UrlSigner,
  ) {
    this.root = resolve(root);
    this.tmpDir = join(this.root, '.tmp');
    this.metaDir = join(this.root, '.meta');
    mkdirSync(this.tmpDir, { recursive: true });
  }

  async put(key: string, body: NodeJS.ReadableStream | Readable, options: PutOptions = {}): Promise<{ size: number }> {
    const path = this.pathOf(key);
    const tmp = join(this.tmpDir, randomUUID());
    const counter = new ByteCounter();
    try {
      // `flush` fsyncs before close, so a crash after the rename cannot leave an empty file.
      await pipeline(body, counter, createWriteStream(tmp, { flags: 'wx', flush: true, highWaterMark: CHUNK_BYTES }));
      await this.writeMeta(key, options.contentType);
      await this.moveIntoPlace(tmp, path);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    return { size: counter.bytes };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    const path = this.pathOf(key);
    if (range) assertByteRange(range);
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (err) {
      throw isMissing(err) ? new ObjectNotFoundError(key) : err;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new ObjectNotFoundError(key);
      if (range && range.start >= info.size) throw new RangeNotSatisfiableError(key);
    } catch (err) {
      await handle.close();
      throw err;
    }
    return handle.createReadStream({ start: range?.start, end: range?.end, highWaterMark: CHUNK_BYTES });
  }

  async head(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) return null;
      return { size: info.size, contentType: await this.readContentType(key) };
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    for (const file of [path, this.metaPathOf(key)]) {
      try {
        await unlink(file);
      } catch (err) {
        if (!isMissing(err)) throw err;
      }
      await this.pruneEmptyDirs(file);
    }
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string> {
    return this.signer.sign(key, options.expiresInSeconds, options.filename);
  }

  /** The file of `key`, refusing anything that would resolve outside `root` (defence in depth behind assertObjectKey). */
  private pathOf(key: string): string {
    assertObjectKey(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new InvalidObjectKeyError(`Object key resolves outside the storage root: ${key}`);
    return path;
  }

  private metaPathOf(key: string): string {
    return join(this.metaDir, `${key}.json`);
  }

  private async readContentType(key: string): Promise<string | null> {
    try {
      const meta = JSON.parse(await readFile(this.metaPathOf(key), 'utf8')) as { contentType?: unknown };
      return typeof meta.contentType === 'string' ? meta.contentType : null;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  private async writeMeta(key: string, contentType: string | undefined): Promise<void> {
    const metaPath = this.metaPathOf(key);
    if (contentType === undefined) {
      await rm(metaPath, { force: true });
      return;
    }
    const tmp = join(this.tmpDir, `${randomUUID()}.json`);
    try {
      await writeFile(tmp, JSON.stringify({ contentType }), { flag: 'wx' });
      await this.moveIntoPlace(tmp, metaPath);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }

  /** A concurrent delete may prune the parent directory between mkdir and rename: try once more. */
  private async moveIntoPlace(tmp: string, path: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await mkdir(dirname(path), { recursive: true });
      try {
        await rename(tmp, path);
        return;
      } catch (err) {
        if (attempt >= 3 || (err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }

  /** Removes the now-empty directories above `file`, up to (not including) the root or `.meta`. */
  private async pruneEmptyDirs(file: string): Promise<void> {
    for (let dir = dirname(file); dir !== this.root && dir !== this.metaDir && dir.startsWith(this.root + sep); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
    }
  }
}
