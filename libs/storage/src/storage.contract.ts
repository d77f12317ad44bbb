// Shared by the driver specs (not exported from the lib): what every ObjectStorage must do.
// Jest's functions are imported, not global: this file is part of the build, whose types exclude jest.
import { beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { InvalidObjectKeyError, ObjectNotFoundError, RangeNotSatisfiableError } from './errors.js';
import type { ObjectStorage } from './object-storage.js';

export const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** `size` pseudo-random bytes made chunk by chunk as they are read; `digest()` is their sha256 once read. */
export function generatedStream(size: number, options: { failAfter?: number } = {}): Readable & { digest(): string } {
  const block = randomBytes(CHUNK);
  const hash = createHash('sha256');
  let sent = 0;
  const stream = new Readable({
    read() {
      if (options.failAfter !== undefined && sent >= options.failAfter) return this.destroy(new Error('source failed midway'));
      if (sent >= size) return this.push(null);
      const chunk = Buffer.from(block.subarray(0, Math.min(CHUNK, size - sent)));
      chunk.writeUInt32BE(sent / CHUNK, 0);
      hash.update(chunk);
      sent += chunk.length;
      this.push(chunk);
    },
  });
  return Object.assign(stream, { digest: () => hash.digest('hex') });
}

export async function sha256Of(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export const INVALID_KEYS = ['../x', '/etc/passwd', 'a//b', 'Assets/x', '', 'a/../b', 'a/./b', 'a/', 'a b', 'a\\b', 'x'.repeat(513)];

/** The behaviour both drivers share; `storage()` is called inside each test. */
export function storageContract(storage: () => ObjectStorage): void {
  let n = 0;
  const uniqueKey = (name: string): string => `contract/${Date.now().toString(36)}-${n++}/${name}`;

  it('streams a multi-MB object in and out unchanged', async () => {
    const key = uniqueKey('big.bin');
    const size = 12 * MiB + 12_345;
    const body = generatedStream(size);
    await expect(storage().put(key, body, { contentType: 'video/mp4' })).resolves.toEqual({ size });
    expect(await storage().head(key)).toEqual({ size, contentType: 'video/mp4' });
    expect(await sha256Of(await storage().get(key))).toEqual({ sha256: body.digest(), size });
  });

  it('overwrites an existing object', async () => {
    const key = uniqueKey('doc.txt');
    await storage().put(key, Readable.from([Buffer.from('first version')]), { contentType: 'text/plain' });
    await storage().put(key, Readable.from([Buffer.from('second')]), { contentType: 'application/json' });
    expect((await readAll(await storage().get(key))).toString()).toBe('second');
    expect(await storage().head(key)).toEqual({ size: 6, contentType: 'application/json' });
  });

  it('stores an empty object', async () => {
    const key = uniqueKey('empty');
    await expect(storage().put(key, Readable.from([]))).resolves.toEqual({ size: 0 });
    expect((await storage().head(key))?.size).toBe(0);
    expect((await readAll(await storage().get(key))).length).toBe(0);
  });

  describe('byte ranges', () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    let key: string;
    beforeAll(async () => {
      key = uniqueKey('ranged.bin');
      await storage().put(key, Readable.from([bytes]));
    });

    it.each([
      ['the first byte', 0, 0],
      ['a middle slice', 100, 199],
      ['the last byte', 999, 999],
      ['an open end (Infinity)', 990, Number.POSITIVE_INFINITY],
      ['an end past the last byte', 990, 5000],
    ])('returns %s', async (_what, start, end) => {
      const got = await readAll(await storage().get(key, { start, end }));
      expect(got.equals(bytes.subarray(start, Math.min(end, 999) + 1))).toBe(true);
    });

    it('refuses a range starting past the end', async () => {
      await expect(storage().get(key, { start: 1000, end: 1200 })).rejects.toBeInstanceOf(RangeNotSatisfiableError);
    });

    it('refuses a malformed range', async () => {
      await expect(storage().get(key, { start: 10, end: 5 })).rejects.toBeInstanceOf(RangeError);
      await expect(storage().get(key, { start: -1, end: 5 })).rejects.toBeInstanceOf(RangeError);
    });
  });

  it('reports a missing key', async () => {
    const key = uniqueKey('missing');
    expect(await storage().head(key)).toBeNull();
    const err = await storage().get(key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect((err as ObjectNotFoundError).key).toBe(key);
  });

  it('deletes idempotently', async () => {
    const key = uniqueKey('deleted.bin');
    await storage().put(key, Readable.from([Buffer.from('x')]));
    await storage().delete(key);
    expect(await storage().head(key)).toBeNull();
    await expect(storage().get(key)).rejects.toBeInstanceOf(ObjectNotFoundError);
    await expect(storage().delete(key)).resolves.toBeUndefined();
    await expect(storage().delete(uniqueKey('never-stored'))).resolves.toBeUndefined();
  });

  it.each([
    ['before anything was sent', 0],
    ['after a few chunks', 256 * 1024],
    ['after more than one multipart part', 9 * MiB],
  ])('leaves no object when the source fails %s', async (_what, failAfter) => {
    const key = uniqueKey('failed.bin');
    await expect(storage().put(key, generatedStream(20 * MiB, { failAfter }))).rejects.toThrow('source failed midway');
    expect(await storage().head(key)).toBeNull();
  });

  it('keeps the previous version when overwriting fails', async () => {
    const key = uniqueKey('kept.txt');
    await storage().put(key, Readable.from([Buffer.from('kept')]));
    await expect(storage().put(key, generatedStream(MiB, { failAfter: 128 * 1024 }))).rejects.toThrow('source failed midway');
    expect((await readAll(await storage().get(key))).toString()).toBe('kept');
  });

  it.each(INVALID_KEYS.map((key) => [key.length > 40 ? `${key.slice(0, 10)}… (${key.length} chars)` : JSON.stringify(key), key]))(
    'refuses the key %s in every method',
    async (_label, key) => {
      const s = storage();
      await expect(s.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(s.get(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(s.head(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(s.delete(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(s.signedUrl(key, { expiresInSeconds: 60 })).rejects.toBeInstanceOf(InvalidObjectKeyError);
    },
  );
}
