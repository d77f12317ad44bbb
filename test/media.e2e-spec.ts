import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from '@spool/testing';
import { topLevelAtoms } from '../apps/worker-av/src/common/faststart.js';
import { ffprobe, frameStats, lavfi, loudness, pixel, rmsLevel, testVideo } from './support/media-fixtures.js';
import { SpoolStack } from './support/spool-stack.js';

const run = promisify(execFile);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const filesUnder = (root: string): number =>
  existsSync(root) ? readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0;

/**
 * Media end to end, through the gateway, with the real worker-av (ffmpeg)
 * and worker-image (sharp) processes. Every input is made here with lavfi.
 */
describe('media processing', () => {
  let stack: SpoolStack;
  let dir: string;
  let clip: { path: string; bytes: Buffer };
  let files: Server;
  let filesPort: number;
  const alice = 'alice';
  const bob = 'bob';

  /** Runs a job to its end and returns it; fails the test with the job's error if it did not succeed. */
  const runJob = async (type: string, input: Record<string, unknown>, timeoutMs = 90_000) => {
    const created = await stack.http('POST', '/v1/jobs', { user: alice, body: { type, input } });
    expect(created.status).toBe(201);
    const job = await stack.waitForJob(alice, created.body.id, (j) => ['succeeded', 'failed', 'canceled'].includes(j.status), 'finished', timeoutMs);
    if (job.status !== 'succeeded') throw new Error(`${type} ended ${job.status}: ${JSON.stringify(job.lastError)}`);
    return job;
  };

  const downloadTo = async (assetId: string, name: string): Promise<string> => {
    const { status, bytes } = await stack.download(alice, assetId);
    expect(status).toBe(200);
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };

  const outputsOf = async (assetId: string) => (await stack.http('GET', `/v1/assets?parentAssetId=${assetId}&limit=200`, { user: alice })).body.items as any[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spool-media-'));
    clip = await testVideo(dir);
    filesPort = await freePort();
    files = createServer((req, res) => {
      if (req.url === '/clip.mp4') {
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': clip.bytes.length });
        res.end(clip.bytes);
      } else {
        res.writeHead(404).end();
      }
    }).listen(filesPort, '127.0.0.1');
    stack = await SpoolStack.start({
      workers: 0,
      mediaWorkers: ['worker-av', 'worker-image'],
      env: { MAX_UPLOAD_BYTES: String(8 * 1024 * 1024), URL_FETCH_ALLOW_HOSTS: `127.0.0.1:${filesPort}` },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    files?.close();
  });

  it('ingests an uploaded video: processing_status moves to completed while a proxy and thumbnails are made', async () => {
    const up = await stack.upload(alice, clip.bytes, 'filename=clip.mp4', { 'x-checksum-sha256': sha256(clip.bytes) });
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ kind: 'video', contentType: 'video/mp4', size: clip.bytes.length, sha256: sha256(clip.bytes), filename: 'clip.mp4' });
    expect(['pending', 'processing']).toContain(up.body.processingStatus);

    const seen = new Set<string>([up.body.processingStatus]);
    const asset = await waitFor(
      async () => {
        const a = (await stack.http('GET', `/v1/assets/${up.body.id}`, { user: alice })).body;
        seen.add(a.processingStatus);
        return a.processingStatus === 'completed' || a.processingStatus === 'failed' ? a : null;
      },
      { timeoutMs: 90_000, intervalMs: 100, what: 'ingest to finish' },
    );
    expect(asset.processingStatus).toBe('completed');
    expect(seen.has('processing')).toBe(true);
    expect(asset.processingCompletedAt).not.toBeNull();
    expect(asset.probe.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(asset.probe.durationSeconds).toBeCloseTo(3, 0);

    const outputs = await outputsOf(up.body.id);
    const proxy = outputs.find((o) => o.role === 'proxy');
    expect(proxy).toMatchObject({ kind: 'video', contentType: 'video/mp4', parentAssetId: up.body.id, processingStatus: 'completed' });
    const proxyPath = await downloadTo(proxy.id, 'proxy.mp4');
    const probed = await ffprobe(proxyPath);
    const video = probed.streams.find((s: any) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', height: 720 });
    expect(probed.streams.find((s: any) => s.codec_type === 'audio')).toMatchObject({ codec_name: 'aac' });
    const boxes = (await topLevelAtoms(proxyPath)).map((a) => a.type);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

    const frames = outputs.filter((o) => o.role === 'frame');
    expect(frames).toHaveLength(10);
    expect(outputs.filter((o) => o.role === 'poster')).toHaveLength(1);
    const sprite = outputs.find((o) => o.role === 'sprite');
    const spriteProbe = await ffprobe(await downloadTo(sprite.id, 'sprite.jpg'));
    // 10 frames of 320x180 in 5 columns: 1600x360.
    expect(spriteProbe.streams[0]).toMatchObject({ width: 1600, height: 360 });
    const vtt = outputs.find((o) => o.role === 'sprite-vtt');
    const cues = (await stack.download(alice, vtt.id)).bytes.toString();
    expect(cues.startsWith('WEBVTT')).toBe(true);
    expect(cues.match(/#xywh=/g)).toHaveLength(10);
    expect(cues).toContain(`/v1/assets/${sprite.id}/content`);
  }, 120_000);

  it('fails the asset with processing_error when the upload cannot be decoded', async () => {
    const corrupt = Buffer.concat([clip.bytes.subarray(0, 32), randomBytes(64 * 1024)]);
    const up = await stack.upload(alice, corrupt, 'filename=broken.mp4');
    expect(up.status).toBe(201);
    const asset = await stack.waitForAsset(alice, up.body.id, (a) => a.processingStatus === 'failed', 'failed');
    expect(asset.processingError).toMatchObject({ type: 'video.probe', code: 'MEDIA_UNDECODABLE' });
    expect(asset.processingCompletedAt).not.toBeNull();
    const probeJob = (await stack.http('GET', `/v1/jobs/${asset.processingError.jobId}`, { user: alice })).body;
    expect(probeJob).toMatchObject({ status: 'failed', attempt: 1 });
    // Dependents are settled right after the failure's commit.
    await waitFor(
      async () => (await stack.sql(`SELECT status FROM jobs WHERE asset_id = $1 AND type = 'video.proxy'`, [up.body.id]))[0]?.status === 'canceled',
      { timeoutMs: 5000, what: 'the proxy job canceled with its failed parent' },
    );
    expect((await stack.http('GET', `/v1/assets/${up.body.id}`, { user: alice })).body.processingError).toMatchObject({ type: 'video.probe' });
  }, 60_000);

  it('ingests an MP4 that holds only audio: probed, re-kinded audio, proxy and thumbnails skipped', async () => {
    const podcast = await lavfi(dir, 'podcast.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=300:duration=2', '-c:a', 'aac']);
    const up = await stack.upload(alice, podcast.bytes, 'filename=podcast.mp4');
    expect(up.body.kind).toBe('video'); // all the first bytes can tell
    const asset = await stack.waitForAsset(alice, up.body.id, (a) => ['completed', 'failed'].includes(a.processingStatus), 'finished');
    expect(asset).toMatchObject({ processingStatus: 'completed', kind: 'audio' });
    expect(asset.probe.audio).toMatchObject({ codec: 'aac' });
    const jobs = await stack.sql(`SELECT type, status, output FROM jobs WHERE asset_id = $1 ORDER BY type`, [up.body.id]);
    expect(jobs.map((j) => [j.type, j.status, j.output?.skipped ?? false])).toEqual([
      ['video.probe', 'succeeded', false],
      ['video.proxy', 'succeeded', true],
      ['video.thumbnails', 'succeeded', true],
    ]);
  }, 60_000);

  it('grades colour in the expected direction', async () => {
    const up = await stack.upload(alice, clip.bytes, 'ingest=false');
    const job = await runJob('video.color_grade', { assetId: up.body.id, preset: 'warm' });
    const graded = await frameStats(await downloadTo(job.output.assetId, 'warm.mp4'));
    const original = await frameStats(clip.path);
    expect(graded.vavg).toBeGreaterThan(original.vavg + 1);
    expect(graded.uavg).toBeLessThan(original.uavg - 1);
    const output = (await stack.http('GET', `/v1/assets/${job.output.assetId}`, { user: alice })).body;
    expect(output).toMatchObject({ parentAssetId: up.body.id, jobId: job.id, kind: 'video' });
  }, 120_000);

  it('keys out a green screen into a video with a real alpha channel', async () => {
    const green = await lavfi(dir, 'green.mp4', [
      '-f', 'lavfi', '-i', 'color=c=0x00ff00:s=320x240:r=25:d=2,drawbox=x=100:y=80:w=120:h=80:color=red:t=fill',
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-crf', '10',
    ]);
    const up = await stack.upload(alice, green.bytes, 'ingest=false');
    const job = await runJob('video.roto', { assetId: up.body.id, keyColor: '#00ff00', similarity: 0.3, blend: 0.05 });
    const matte = await downloadTo(job.output.assetId, 'matte.mov');
    const video = (await ffprobe(matte)).streams.find((s: any) => s.codec_type === 'video');
    expect(video.codec_name).toBe('prores');
    expect(video.pix_fmt).toMatch(/^yuva/);
    expect((await pixel(matte, 10, 10))[3]).toBeLessThan(16);
    expect((await pixel(matte, 160, 120))[3]).toBeGreaterThan(240);
  }, 120_000);

  it('cleans audio to the loudness target and lowers its noise floor', async () => {
    const noisy = await lavfi(dir, 'noisy.wav', [
      // A tone near the target loudness after 2 s of hiss alone: the hiss is the noise floor.
      '-f', 'lavfi', '-i', "sine=frequency=440:duration=6,volume='if(lt(t,2),0,1.6)':eval=frame",
      '-f', 'lavfi', '-i', 'anoisesrc=color=white:amplitude=0.02:duration=6:seed=7',
      '-filter_complex', '[0][1]amix=inputs=2:normalize=0', '-ar', '48000', '-ac', '1',
    ]);
    const up = await stack.upload(alice, noisy.bytes, 'ingest=false');
    expect(up.body.kind).toBe('audio');
    const job = await runJob('audio.clean', { assetId: up.body.id, targetLufs: -16, noiseFloorDb: -40, noiseReductionDb: 20, format: 'wav' });
    const cleaned = await downloadTo(job.output.assetId, 'clean.wav');
    expect(Math.abs((await loudness(cleaned)).integrated - -16)).toBeLessThanOrEqual(1);
    expect(await rmsLevel(cleaned, 0.3, 1.2)).toBeLessThan((await rmsLevel(noisy.path, 0.3, 1.2)) - 3);
  }, 120_000);

  it('processes an image with sharp', async () => {
    const png = await lavfi(dir, 'still.png', ['-f', 'lavfi', '-i', 'testsrc2=size=640x480:duration=1', '-frames:v', '1']);
    const up = await stack.upload(alice, png.bytes, 'filename=still.png');
    expect(up.body).toMatchObject({ kind: 'image', contentType: 'image/png' });
    // Its ingest: a thumbnail, and the image's own metadata recorded on the asset.
    const ingested = await stack.waitForAsset(alice, up.body.id, (a) => ['completed', 'failed'].includes(a.processingStatus), 'ingested');
    expect(ingested).toMatchObject({ processingStatus: 'completed', probe: { video: { width: 640, height: 480 } } });
    expect((await outputsOf(up.body.id)).map((o) => o.role)).toEqual(['thumbnail']);
    const job = await runJob('image.process', { assetId: up.body.id, resize: { width: 200, height: 100, fit: 'cover' }, format: 'webp', quality: 70 });
    const output = (await stack.http('GET', `/v1/assets/${job.output.assetId}`, { user: alice })).body;
    expect(output).toMatchObject({ kind: 'image', contentType: 'image/webp', parentAssetId: up.body.id });
    const probed = await ffprobe(await downloadTo(output.id, 'still.webp'));
    expect(probed.streams[0]).toMatchObject({ codec_name: 'webp', width: 200, height: 100 });
  }, 60_000);

  it('fetches a URL input when its host is allowed, and refuses private addresses with 422', async () => {
    const job = await runJob('video.probe', { url: `http://127.0.0.1:${filesPort}/clip.mp4` });
    expect(job.output.probe.video).toMatchObject({ width: 640, height: 360 });

    for (const url of ['http://127.0.0.1:9/x.mp4', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/a.mp4', 'http://10.0.0.8/a.mp4', 'file:///etc/passwd']) {
      const res = await stack.http('POST', '/v1/jobs', { user: alice, body: { type: 'video.probe', input: { url } } });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(['URL_REFUSED', 'INVALID_JOB_INPUT']).toContain(res.body.code);
    }
  }, 60_000);

  it('stops ffmpeg when a running transcode is canceled', async () => {
    const long = await testVideo(dir, 'long.mp4', 20, '640x360');
    // Larger than this stack's upload limit would be refused; this one fits.
    expect(long.bytes.length).toBeLessThan(8 * 1024 * 1024);
    const up = await stack.upload(alice, long.bytes, 'ingest=false');
    expect(up.status).toBe(201);
    const created = await stack.http('POST', '/v1/jobs', { user: alice, body: { type: 'video.transcode', input: { assetId: up.body.id, videoCodec: 'hevc', container: 'mp4', height: 1080, crf: 20 } } });
    const id = created.body.id;
    await stack.waitForJob(alice, id, (j) => j.status === 'running' && j.progress > 0, 'reporting progress', 60_000);
    expect((await run('pgrep', ['-f', `job-${id}`]).catch(() => ({ stdout: '' }))).stdout.trim()).not.toBe('');
    expect((await stack.http('POST', `/v1/jobs/${id}/cancel`, { user: alice, body: {} })).status).toBe(200);
    const job = await stack.waitForJob(alice, id, (j) => j.status === 'canceled', 'canceled', 30_000);
    expect(job.status).toBe('canceled');
    await waitFor(async () => (await run('pgrep', ['-f', `job-${id}`]).then(() => false, () => true)), { timeoutMs: 5000, what: 'ffmpeg gone' });
  }, 120_000);

  describe('upload and asset API', () => {
    it('refuses an upload over MAX_UPLOAD_BYTES with 413, declared or streamed, and keeps nothing', async () => {
      const before = filesUnder(stack.storageDir);
      // Declared too large: answered from the headers alone, before any of the body is sent.
      const token = await stack.token(alice);
      const declared = await new Promise<{ status: number; body: any }>((resolve, reject) => {
        const req = request(`${stack.gatewayUrl}/v1/uploads`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'video/mp4', 'content-length': String(9 * 1024 * 1024) },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (d) => (text += d)).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
        });
        req.on('error', reject);
        req.flushHeaders();
      });
      expect(declared.status).toBe(413);
      expect(declared.body.code).toBe('PAYLOAD_TOO_LARGE');

      const chunks = [clip.bytes, ...Array.from({ length: 10 }, () => Buffer.alloc(1024 * 1024))];
      const res = await fetch(`${stack.gatewayUrl}/v1/uploads`, {
        method: 'POST',
        headers: { authorization: `Bearer ${await stack.token(alice)}`, 'content-type': 'application/octet-stream' },
        body: new ReadableStream({ pull(c) { const next = chunks.shift(); if (next) c.enqueue(next); else c.close(); } }),
        duplex: 'half',
      } as RequestInit).catch((err: Error) => err);
      if (!(res instanceof Error)) {
        expect(res.status).toBe(413);
        expect(((await res.json()) as { code: string }).code).toBe('PAYLOAD_TOO_LARGE');
      }
      await waitFor(() => filesUnder(stack.storageDir) === before, { timeoutMs: 5000, what: 'no object left' });
    });

    it('refuses content it does not recognise with 415, and a wrong checksum with 422', async () => {
      const text = await stack.upload(alice, Buffer.from('just some text, not media\n'.repeat(100)));
      expect(text.status).toBe(415);
      expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const wrong = await stack.upload(alice, clip.bytes, 'ingest=false', { 'x-checksum-sha256': 'ab'.repeat(32) });
      expect(wrong.status).toBe(422);
      expect(wrong.body.code).toBe('CHECKSUM_MISMATCH');
      const [{ n }] = await stack.sql(`SELECT count(*)::int AS n FROM assets WHERE sha256 = $1 AND owner_id = $2 AND created_at > now() - interval '5 seconds'`, [sha256(clip.bytes), alice]);
      expect(n).toBe(0);
    });

    it('treats an upload as bytes whatever its Content-Type says', async () => {
      const json = await stack.upload(alice, Buffer.from('{"not":"media"}'), '', { 'content-type': 'application/json' });
      expect(json.status).toBe(415);
      expect(json.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const video = await stack.upload(alice, clip.bytes, 'ingest=false', { 'content-type': 'application/json' });
      expect(video.status).toBe(201);
      expect(video.body.contentType).toBe('video/mp4');
    });

    it('answers 400, not 500, for a cursor it did not make', async () => {
      const forged = Buffer.from(JSON.stringify(['2024-13-45 99:99:99+00', '00000000-0000-0000-0000-000000000000'])).toString('base64url');
      const res = await stack.http('GET', `/v1/assets?cursor=${forged}`, { user: alice });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('keeps path-like file names for display only', async () => {
      const up = await stack.upload(alice, clip.bytes, `ingest=false&filename=${encodeURIComponent('../../../etc/passwd')}`);
      expect(up.status).toBe(201);
      expect(up.body.filename).toBe('passwd');
      const [{ storage_key }] = await stack.sql(`SELECT storage_key FROM assets WHERE id = $1`, [up.body.id]);
      expect(storage_key).toBe(`assets/${up.body.id}/original.mp4`);
      expect(existsSync(join(stack.storageDir, storage_key))).toBe(true);
      expect(existsSync(join(stack.storageDir, '..', 'etc'))).toBe(false);
      const download = await stack.download(alice, up.body.id);
      expect(download.headers.get('content-disposition')).toContain('filename="passwd"');
    });

    it('serves byte ranges and signed URLs', async () => {
      const up = await stack.upload(alice, clip.bytes, 'ingest=false');
      const part = await stack.download(alice, up.body.id, { range: 'bytes=100-199' });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 100-199/${clip.bytes.length}`);
      expect(part.bytes.equals(clip.bytes.subarray(100, 200))).toBe(true);
      expect((await stack.download(alice, up.body.id, { range: `bytes=${clip.bytes.length}-` })).status).toBe(416);

      const { body } = await stack.http('GET', `/v1/assets/${up.body.id}/url`, { user: alice });
      const signed = await fetch(body.url);
      expect(signed.status).toBe(200);
      expect(sha256(Buffer.from(await signed.arrayBuffer()))).toBe(up.body.sha256);
      const tampered = await fetch(body.url.replace(/sig=[^&]+/, 'sig=AAAA'));
      expect(tampered.status).toBe(403);
    });

    it("hides one user's assets from another", async () => {
      const up = await stack.upload(alice, clip.bytes, 'ingest=false');
      expect((await stack.http('GET', `/v1/assets/${up.body.id}`, { user: bob })).status).toBe(404);
      expect((await stack.download(bob, up.body.id)).status).toBe(404);
      expect((await stack.http('GET', `/v1/assets/${up.body.id}/url`, { user: bob })).status).toBe(404);
      expect((await stack.http('DELETE', `/v1/assets/${up.body.id}`, { user: bob })).status).toBe(404);
      const list = await stack.http('GET', '/v1/assets', { user: bob });
      expect(list.body.items.map((a: any) => a.id)).not.toContain(up.body.id);
      const job = await stack.http('POST', '/v1/jobs', { user: bob, body: { type: 'video.probe', input: { assetId: up.body.id } } });
      expect(job.status).toBe(422);
      expect(job.body.code).toBe('ASSET_NOT_FOUND');
    });

    it('deletes an asset and its stored bytes', async () => {
      const up = await stack.upload(alice, clip.bytes, 'ingest=false');
      const [{ storage_key }] = await stack.sql(`SELECT storage_key FROM assets WHERE id = $1`, [up.body.id]);
      expect((await stack.http('DELETE', `/v1/assets/${up.body.id}`, { user: alice })).status).toBe(204);
      expect((await stack.http('GET', `/v1/assets/${up.body.id}`, { user: alice })).status).toBe(404);
      expect(existsSync(join(stack.storageDir, storage_key))).toBe(false);
    });

    it('lists assets by processing status and kind with a cursor', async () => {
      const first = await stack.http('GET', '/v1/assets?kind=video&limit=2', { user: alice });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items.every((a: any) => a.kind === 'video')).toBe(true);
      const next = await stack.http('GET', `/v1/assets?kind=video&limit=2&cursor=${first.body.nextCursor}`, { user: alice });
      expect(next.body.items.map((a: any) => a.id)).not.toContain(first.body.items[0].id);
      const failed = await stack.http('GET', '/v1/assets?processingStatus=failed', { user: alice });
      expect(failed.body.items.every((a: any) => a.processingStatus === 'failed')).toBe(true);
      expect((await stack.http('GET', '/v1/assets?processingStatus=done', { user: alice })).status).toBe(400);
    });
  });

  it('leaves no workspace behind, whatever way the jobs ended', async () => {
    const workDir = join(stack.logDir, 'work');
    expect(existsSync(workDir)).toBe(true);
    await waitFor(() => readdirSync(workDir).length === 0, { timeoutMs: 10_000, what: 'workspaces removed' });
  });
});
