import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { LocalStorage } from './local-storage.js';
import { generatedStream, MiB, storageContract } from './storage.contract.js';
import { UrlSigner } from './url-signer.js';

const SECRET = 'a-local-storage-test-secret-0123456789';
const BASE = 'https://spool.example.test/api/';

describe('LocalStorage', () => {
  let dir: string;
  let storage: LocalStorage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-storage-'));
    storage = new LocalStorage(join(dir, 'created', 'on', 'demand'), new UrlSigner(SECRET, BASE));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe('contract', () => storageContract(() => storage));

  it('keeps no temp file after failed uploads', async () => {
    await expect(storage.put('tmp/check.bin', generatedStream(4 * MiB, { failAfter: MiB }))).rejects.toThrow();
    expect(await readdir(join(storage.root, '.tmp'))).toEqual([]);
  });

  it('reports a null content type unless put was given one', async () => {
    await storage.put('types/a.bin', Readable.from([Buffer.from('abc')]), { contentType: 'image/png' });
    await storage.put('types/a.bin', Readable.from([Buffer.from('abcd')]));
    expect(await storage.head('types/a.bin')).toEqual({ size: 4, contentType: null });
  });

  it('does not confuse a key with the sidecar of another', async () => {
    await storage.put('side/x', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
    await storage.put('side/x.meta.json', Readable.from([Buffer.from('{}')]), { contentType: 'application/json' });
    expect(await storage.head('side/x')).toEqual({ size: 1, contentType: 'text/plain' });
  });

  it('removes directories left empty by a delete', async () => {
    await storage.put('prune/deep/er/file.bin', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' });
    await storage.put('prune/sibling.bin', Readable.from([Buffer.from('y')]));
    await storage.delete('prune/deep/er/file.bin');
    expect(await readdir(join(storage.root, 'prune'))).toEqual(['sibling.bin']);
    expect(await readdir(join(storage.root, '.meta'))).not.toContain('prune');
  });

  it('treats a key naming a directory or passing through a file as missing', async () => {
    await storage.put('nest/leaf', Readable.from([Buffer.from('x')]));
    expect(await storage.head('nest')).toBeNull();
    expect(await storage.head('nest/leaf/below')).toBeNull();
    await expect(storage.get('nest')).rejects.toMatchObject({ name: 'ObjectNotFoundError' });
    await expect(storage.delete('nest')).resolves.toBeUndefined();
  });

  it('signs gateway URLs', async () => {
    const url = new URL(await storage.signedUrl('assets/a1/out_put.mp4', { expiresInSeconds: 60, filename: 'My clip.mp4' }));
    expect(`${url.origin}${url.pathname}`).toBe('https://spool.example.test/api/v1/storage/assets/a1/out_put.mp4');
    expect(url.searchParams.get('filename')).toBe('My clip.mp4');
    const signer = new UrlSigner(SECRET, BASE);
    expect(signer.verify('assets/a1/out_put.mp4', url.searchParams.get('expires')!, url.searchParams.get('sig')!, 'My clip.mp4')).toBe('ok');
  });
});

describe('UrlSigner', () => {
  const signer = new UrlSigner(SECRET, 'http://localhost:3000');
  const parts = (url: string) => {
    const u = new URL(url);
    return { path: u.pathname, expires: u.searchParams.get('expires')!, sig: u.searchParams.get('sig')!, filename: u.searchParams.get('filename') ?? undefined };
  };

  it('verifies its own URL and refuses it for another key or file name', () => {
    const { path, expires, sig, filename } = parts(signer.sign('outputs/j1/result.png', 300, 'result.png'));
    expect(path).toBe('/v1/storage/outputs/j1/result.png');
    expect(Number(expires) - Date.now() / 1000).toBeGreaterThan(295);
    expect(signer.verify('outputs/j1/result.png', expires, sig, filename)).toBe('ok');
    expect(signer.verify('outputs/j2/result.png', expires, sig, filename)).toBe('invalid');
    expect(signer.verify('outputs/j1/result.png', expires, sig, 'evil.html')).toBe('invalid');
    expect(signer.verify('outputs/j1/result.png', expires, sig)).toBe('invalid');
  });

  it('refuses a tampered signature or expiry', () => {
    const { expires, sig } = parts(signer.sign('k/1', 60));
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(signer.verify('k/1', expires, flipped)).toBe('invalid');
    expect(signer.verify('k/1', expires, sig.slice(1))).toBe('invalid');
    expect(signer.verify('k/1', expires, '')).toBe('invalid');
    expect(signer.verify('k/1', String(Number(expires) + 3600), sig)).toBe('invalid');
    expect(signer.verify('k/1', `${expires}.0`, sig)).toBe('invalid');
    expect(new UrlSigner(`${SECRET}x`, 'http://localhost:3000').verify('k/1', expires, sig)).toBe('invalid');
  });

  it('reports an expired URL as expired', () => {
    const anHourAgo = new UrlSigner(SECRET, 'http://localhost:3000', () => Date.now() - 3_600_000);
    const { expires, sig } = parts(anHourAgo.sign('k/1', 60));
    expect(signer.verify('k/1', expires, sig)).toBe('expired');
  });

  it('signs the documented message: HMAC-SHA256 over "key\\nexpires\\nfilename", base64url', () => {
    const expires = String(Math.floor(Date.now() / 1000) - 10);
    const sig = createHmac('sha256', SECRET).update(`k/1\n${expires}\nname.txt`).digest('base64url');
    expect(signer.verify('k/1', expires, sig, 'name.txt')).toBe('expired');
  });

  it('percent-encodes the file name', () => {
    const url = signer.sign('k/1', 60, 'a&b=c ü.txt');
    expect(parts(url).filename).toBe('a&b=c ü.txt');
  });

  it('refuses a short secret, a bad key or a bad lifetime', () => {
    expect(() => new UrlSigner('too-short', 'http://x')).toThrow('STORAGE_SIGNING_SECRET must be at least 32 characters');
    expect(() => signer.sign('../etc/passwd', 60)).toThrow(/Invalid object key/);
    expect(() => signer.sign('k/1', 0)).toThrow(RangeError);
  });
});
