import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sha256File, sha256Stream } from './hash.js';

const data = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 13) % 256));
const expected = createHash('sha256').update(data).digest('hex');

describe('sha256Stream', () => {
  it('hashes and counts while passing the bytes on unchanged', async () => {
    const hashing = sha256Stream();
    const out: Buffer[] = [];
    const chunks = [data.subarray(0, 1), data.subarray(1, 65_537), data.subarray(65_537)];
    await pipeline(Readable.from(chunks), hashing, new Writable({ write: (c: Buffer, _e, done) => (out.push(c), done()) }));
    expect(hashing.digest()).toBe(expected);
    expect(hashing.bytes()).toBe(data.length);
    expect(Buffer.concat(out).equals(data)).toBe(true);
  });
});

describe('sha256File', () => {
  it('hashes a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spool-hash-'));
    try {
      await writeFile(join(dir, 'f'), data);
      await expect(sha256File(join(dir, 'f'))).resolves.toEqual({ sha256: expected, size: data.length });
      await writeFile(join(dir, 'empty'), '');
      await expect(sha256File(join(dir, 'empty'))).resolves.toEqual({ sha256: createHash('sha256').digest('hex'), size: 0 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
