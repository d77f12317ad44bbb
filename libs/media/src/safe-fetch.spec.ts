import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fetchToFile } from './safe-fetch.js';
import { startTestServer, type TestServer } from './testing/http-test-server.js';
import { UrlRefusedError } from './url-guard.js';

const BODY = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 256));

let dir: string;
let server: TestServer;
let other: TestServer;
let allow: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-fetch-'));
  other = await startTestServer();
  server = await startTestServer((req, res) => {
    const path = req.url ?? '';
    if (path === '/file') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': BODY.length });
      res.end(BODY);
    } else if (path === '/chunked') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= 20) return clearInterval(timer), res.end();
        res.write(BODY.subarray(0, 1000));
        sent++;
      }, 5);
      res.on('close', () => clearInterval(timer));
    } else if (path === '/redirect') {
      res.writeHead(302, { location: '/file' }).end();
    } else if (path === '/redirect-out') {
      res.writeHead(302, { location: other.url('/internal') }).end();
    } else if (path === '/loop') {
      res.writeHead(301, { location: '/loop' }).end();
    } else if (path === '/boom') {
      res.writeHead(503).end('busy');
    } else {
      res.writeHead(404).end('nope');
    }
  });
  allow = [server.host];
});
afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
  await rm(dir, { recursive: true, force: true });
});

const gone = (path: string) => expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });

describe('fetchToFile', () => {
  it('downloads to the file', async () => {
    const dest = join(dir, 'ok.bin');
    const got = await fetchToFile(server.url('/file'), dest, { maxBytes: 10_000, allowHosts: allow });
    expect(got).toEqual({ size: BODY.length, contentType: 'video/mp4', finalUrl: server.url('/file') });
    expect(createHash('sha256').update(await readFile(dest)).digest('hex')).toBe(createHash('sha256').update(BODY).digest('hex'));
  });

  it('connects by name only to the addresses it vetted', async () => {
    const host = `localhost:${server.port}`;
    const got = await fetchToFile(`http://${host}/file`, join(dir, 'name.bin'), { maxBytes: 10_000, allowHosts: [host] });
    expect(got.size).toBe(BODY.length);
  });

  it('follows an allowed redirect', async () => {
    const got = await fetchToFile(server.url('/redirect'), join(dir, 'r.bin'), { maxBytes: 10_000, allowHosts: allow });
    expect(got.finalUrl).toBe(server.url('/file'));
    expect(got.size).toBe(BODY.length);
  });

  it('refuses a declared content-length over the limit', async () => {
    const dest = join(dir, 'big.bin');
    await expect(fetchToFile(server.url('/file'), dest, { maxBytes: 1000, allowHosts: allow })).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', retryable: false });
    await gone(dest);
  });

  it('stops a body without content-length once it passes the limit', async () => {
    const dest = join(dir, 'stream.bin');
    await expect(fetchToFile(server.url('/chunked'), dest, { maxBytes: 3500, allowHosts: allow })).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE', retryable: false });
    await gone(dest);
    const ok = await fetchToFile(server.url('/chunked'), dest, { maxBytes: 20_000, allowHosts: allow });
    expect(ok.size).toBe(20_000);
  });

  it('fails a 404 as non-retryable and a 503 as retryable INPUT_FETCH_FAILED', async () => {
    const dest = join(dir, 'missing.bin');
    await expect(fetchToFile(server.url('/missing'), dest, { maxBytes: 1000, allowHosts: allow })).rejects.toMatchObject({ code: 'INPUT_FETCH_FAILED', retryable: false });
    await gone(dest);
    await expect(fetchToFile(server.url('/boom'), dest, { maxBytes: 1000, allowHosts: allow })).rejects.toMatchObject({ code: 'INPUT_FETCH_FAILED', retryable: true });
  });

  it('refuses a redirect to a loopback port that is not allowed, without calling it', async () => {
    const dest = join(dir, 'out.bin');
    await expect(fetchToFile(server.url('/redirect-out'), dest, { maxBytes: 1000, allowHosts: allow })).rejects.toBeInstanceOf(UrlRefusedError);
    expect(other.requests).toEqual([]);
    await gone(dest);
  });

  it('refuses loopback without allowHosts, without calling it', async () => {
    const before = server.requests.length;
    await expect(fetchToFile(server.url('/file'), join(dir, 'x.bin'), { maxBytes: 10_000 })).rejects.toMatchObject({ code: 'URL_REFUSED' });
    expect(server.requests.length).toBe(before);
  });

  it('gives up after maxRedirects', async () => {
    await expect(fetchToFile(server.url('/loop'), join(dir, 'loop.bin'), { maxBytes: 1000, allowHosts: allow, maxRedirects: 2 })).rejects.toMatchObject({
      code: 'INPUT_FETCH_FAILED',
      retryable: false,
      message: expect.stringMatching(/redirects/),
    });
  });

  it('fails a refused connection as retryable INPUT_FETCH_FAILED', async () => {
    const port = other.port;
    await other.close();
    const host = `127.0.0.1:${port}`;
    await expect(fetchToFile(`http://${host}/`, join(dir, 'conn.bin'), { maxBytes: 1000, allowHosts: [host] })).rejects.toMatchObject({
      code: 'INPUT_FETCH_FAILED',
      retryable: true,
    });
  });

  it('rejects with the abort reason', async () => {
    const reason = new Error('canceled');
    const controller = new AbortController();
    const dest = join(dir, 'aborted.bin');
    const run = fetchToFile(server.url('/chunked'), dest, { maxBytes: 100_000, allowHosts: allow, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 30);
    await expect(run).rejects.toBe(reason);
    await gone(dest);
  });
});
