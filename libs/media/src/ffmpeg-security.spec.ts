import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg } from './ffmpeg.js';
import { FfmpegError } from './ffmpeg-error.js';
import { probeMedia } from './ffprobe.js';
import { startTestServer, type TestServer } from './testing/http-test-server.js';
import { lavfiVideo, makeMedia } from './testing/make-media.js';

/**
 * ffmpeg must only read files the worker downloaded: a playlist or concat
 * list naming a URL (or a file elsewhere on disk) must not be followed.
 */
let ws: string;
let outside: string;
let server: TestServer;

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'spool-ffsec-'));
  outside = await mkdtemp(join(tmpdir(), 'spool-ffsec-outside-'));
  server = await startTestServer();
  await makeMedia(outside, 'secret.ts', [...lavfiVideo(1), '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mpegts']);
});
afterAll(async () => {
  await server.close();
  await rm(ws, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const hls = (segment: string) => `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:1.0,\n${segment}\n#EXT-X-ENDLIST\n`;

async function file(name: string, text: string): Promise<string> {
  const path = join(ws, name);
  await writeFile(path, text);
  return path;
}

async function expectFfmpegFails(input: string, options?: string[]) {
  const err = await runFfmpeg({ workspace: ws, inputs: [{ path: input, options }], args: ['-c', 'copy', '-f', 'mpegts', join(ws, 'stolen.ts')] }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FfmpegError);
  expect(err).toMatchObject({ retryable: false, code: 'MEDIA_UNDECODABLE' });
  // Neither the workspace path nor the long demuxer whitelist end up in the message.
  expect((err as Error).message.length).toBeLessThan(300);
  expect((err as Error).message).not.toContain(ws);
}

describe('ffmpeg input restrictions', () => {
  it('does not fetch the URL in an HLS playlist (format detected by ffmpeg)', async () => {
    await expectFfmpegFails(await file('remote.m3u8', hls(server.url('/seg.ts'))));
    expect(server.requests).toEqual([]);
  });

  it('does not fetch the URL in an HLS playlist even when the caller forces -f hls', async () => {
    await expectFfmpegFails(await file('remote-forced.m3u8', hls(server.url('/seg-forced.ts'))), ['-f', 'hls']);
    expect(server.requests).toEqual([]);
  });

  it('does not fetch the URLs of a concat list, even with -f concat -safe 0', async () => {
    const list = await file('list.txt', `ffconcat version 1.0\nfile '${server.url('/a.mp4')}'\n`);
    await expectFfmpegFails(list);
    await expectFfmpegFails(list, ['-f', 'concat', '-safe', '0']);
    expect(server.requests).toEqual([]);
  });

  it('does not follow a playlist to a local file outside the workspace', async () => {
    await expectFfmpegFails(await file('local.m3u8', hls(join(outside, 'secret.ts'))));
  });

  it('probeMedia does not fetch the URL in a playlist either', async () => {
    await expect(probeMedia(await file('probe.m3u8', hls(server.url('/probe.ts'))))).rejects.toMatchObject({ code: 'MEDIA_UNDECODABLE' });
    expect(server.requests).toEqual([]);
  });
});
