// The S3 driver against s3rver (npm devDependency), a real S3-compatible HTTP
// server run in this process on a free loopback port, storing in a temp dir.
// s3rver does not check SigV4 signatures nor implement AbortMultipartUpload,
// so tampered presigned URLs are not tested here, and a failed multipart put
// leaves its parts in the server's upload area (never under the key).
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { freePort, sleep } from '@spool/testing';
import { S3Storage } from './s3-storage.js';
import { readAll, storageContract } from './storage.contract.js';

interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

describe('S3Storage (s3rver)', () => {
  let dir: string;
  let server: S3rverServer;
  let storage: S3Storage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'spool-s3rver-'));
    const port = await freePort();
    server = new S3rver({ address: '127.0.0.1', port, silent: true, directory: dir });
    await server.run();
    storage = new S3Storage({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      bucket: 'spool-test',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
    await storage.ensureBucket();
  });

  afterAll(async () => {
    storage?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('ensureBucket is idempotent', async () => {
    await expect(storage.ensureBucket()).resolves.toBeUndefined();
  });

  describe('contract', () => storageContract(() => storage));

  describe('presigned URLs', () => {
    beforeAll(() => storage.put('signed/report.pdf', Readable.from([Buffer.from('%PDF-1.7 body')]), { contentType: 'application/pdf' }));

    it('download the object, with the file name and type asked for', async () => {
      const url = await storage.signedUrl('signed/report.pdf', { expiresInSeconds: 60, filename: 'Résumé "final".pdf', contentType: 'application/pdf' });
      expect(url).toContain('X-Amz-Signature=');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="R_sum_ _final_.pdf"; filename*=UTF-8''R%C3%A9sum%C3%A9%20%22final%22.pdf`);
      expect(await res.text()).toBe('%PDF-1.7 body');
    });

    it('are presigned for S3_PUBLIC_ENDPOINT when the store is reached elsewhere', async () => {
      const internal = new URL(await storage.signedUrl('signed/report.pdf', { expiresInSeconds: 60 }));
      const publicName = new S3Storage({
        endpoint: internal.origin,
        publicEndpoint: `http://localhost:${internal.port}`,
        region: 'us-east-1',
        bucket: 'spool-test',
        accessKeyId: 'S3RVER',
        secretAccessKey: 'S3RVER',
        forcePathStyle: true,
      });
      try {
        const url = new URL(await publicName.signedUrl('signed/report.pdf', { expiresInSeconds: 60 }));
        expect(url.host).toBe(`localhost:${internal.port}`);
        const res = await fetch(url);
        expect(res.status).toBe(200);
        expect(await res.text()).toBe('%PDF-1.7 body');
      } finally {
        publicName.destroy();
      }
    });

    it('stop working once expired', async () => {
      const url = await storage.signedUrl('signed/report.pdf', { expiresInSeconds: 1 });
      expect((await fetch(url).then(async (r) => (await r.arrayBuffer(), r.status)))).toBe(200);
      await sleep(2100);
      const res = await fetch(url);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('AccessDenied');
    });
  });

  it('reads ranges of a multipart object across part boundaries', async () => {
    const part = 8 * 1024 * 1024;
    const body = Buffer.alloc(part + 100);
    for (let i = 0; i < body.length; i += 4) body.writeUInt32BE(i, i);
    await storage.put('ranges/multipart.bin', Readable.from([body.subarray(0, part - 5), body.subarray(part - 5)]));
    const got = await readAll(await storage.get('ranges/multipart.bin', { start: part - 10, end: part + 9 }));
    expect(got.equals(body.subarray(part - 10, part + 10))).toBe(true);
  });
});
