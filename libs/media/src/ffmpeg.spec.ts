import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg, type FfmpegRun } from './ffmpeg.js';
import { FfmpegError } from './ffmpeg-error.js';
import { lavfiAudio, lavfiVideo, makeMedia } from './testing/make-media.js';

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast'];

let ws: string;
let clip: string;

beforeAll(async () => {
  ws = await mkdtemp(join(tmpdir(), 'spool-ffmpeg-'));
  clip = await makeMedia(ws, 'clip.mp4', [...lavfiVideo(2), ...lavfiAudio(2), ...X264, '-c:a', 'aac', '-shortest']);
});
afterAll(() => rm(ws, { recursive: true, force: true }));

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** Pids of running processes whose command line mentions `needle`. */
async function processesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(needle)) pids.push(Number(entry));
  }
  return pids;
}

describe('runFfmpeg', () => {
  it('transcodes and reports monotonic progress up to 100', async () => {
    const seen: number[] = [];
    const out = join(ws, 'out.mp4');
    await runFfmpeg({
      workspace: ws,
      inputs: [{ path: clip, options: ['-re'] }], // real time, so progress blocks arrive before the end
      args: [...X264, '-c:a', 'aac', out],
      durationSeconds: 2,
      onProgress: (p) => seen.push(p),
    });
    expect((await stat(out)).size).toBeGreaterThan(1000);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen[seen.length - 1]).toBe(100);
    expect(seen.filter((p) => p < 100).length).toBeGreaterThan(0);
    seen.forEach((p, i) => {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(100);
      if (i > 0) expect(p).toBeGreaterThan(seen[i - 1]);
    });
  });

  it('stops ffmpeg on abort and rejects with the reason once the child is gone', async () => {
    const out = join(ws, 'aborted-output.mp4');
    const controller = new AbortController();
    const reason = new Error('stop now');
    let pid: number | undefined;
    const run = runFfmpeg({
      workspace: ws,
      inputs: [{ path: clip, options: ['-re', '-stream_loop', '-1'] }],
      args: [...X264, '-an', out],
      durationSeconds: 20,
      signal: controller.signal,
      onProgress: () => {
        if (controller.signal.aborted) return;
        void processesMentioning('aborted-output.mp4').then((pids) => {
          pid = pids[0];
          controller.abort(reason);
        });
      },
    });
    const started = Date.now();
    await expect(run).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(pid).toBeDefined();
    expect(() => process.kill(pid!, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(await processesMentioning('aborted-output.mp4')).toEqual([]);
  });

  it('does not start ffmpeg when the signal is already aborted', async () => {
    const out = join(ws, 'never.mp4');
    const reason = new Error('already canceled');
    await expect(runFfmpeg({ workspace: ws, inputs: [{ path: clip }], args: [out], signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it.each([
    ['random bytes', async () => writeFile(join(ws, 'random.mp4'), Buffer.from(Array.from({ length: 20000 }, (_, i) => (i * 7919 + 13) % 251))).then(() => join(ws, 'random.mp4'))],
    ['a truncated mp4 (no moov atom)', async () => writeFile(join(ws, 'cut.mp4'), (await readFile(clip)).subarray(0, 3000)).then(() => join(ws, 'cut.mp4'))],
    ['an empty file', async () => writeFile(join(ws, 'empty.mov'), '').then(() => join(ws, 'empty.mov'))],
  ])('fails %s as non-retryable MEDIA_UNDECODABLE', async (_, make) => {
    const input = await make();
    const err = await failure(runFfmpeg({ workspace: ws, inputs: [{ path: input }], args: [...X264, join(ws, 'x.mp4')] }));
    expect(err).toBeInstanceOf(FfmpegError);
    expect(err).toMatchObject({ code: 'MEDIA_UNDECODABLE', retryable: false });
    expect((err as FfmpegError).stderrTail).not.toContain(ws);
    expect((err as FfmpegError).stderrTail.length).toBeGreaterThan(0);
  });

  it('fails a tool problem (unknown encoder) as retryable MEDIA_TOOL_FAILED', async () => {
    const err = await failure(runFfmpeg({ workspace: ws, inputs: [{ path: clip }], args: ['-c:v', 'no_such_encoder', join(ws, 'y.mp4')] }));
    expect(err).toBeInstanceOf(FfmpegError);
    expect(err).toMatchObject({ code: 'MEDIA_TOOL_FAILED', retryable: true });
  });

  it('reports a missing ffmpeg binary as retryable MEDIA_TOOL_FAILED naming the path', async () => {
    const err = await failure(runFfmpeg({ workspace: ws, ffmpegPath: '/nonexistent/bin/ffmpeg', inputs: [{ path: clip }], args: [join(ws, 'z.mp4')] }));
    expect(err).toMatchObject({ code: 'MEDIA_TOOL_FAILED', retryable: true });
    expect((err as Error).message).toContain('/nonexistent/bin/ffmpeg');
  });

  it.each<[string, Partial<FfmpegRun>]>([
    ['an input outside the workspace', { inputs: [{ path: '/etc/passwd' }] }],
    ['a relative input', { inputs: [{ path: 'clip.mp4' }] }],
    ['an input escaping with ..', { inputs: [{ path: '/x/../etc/passwd' }] }],
    ['an output outside the workspace', { args: ['/tmp/escaped.mp4'] }],
    ['a relative output', { args: ['out.mp4'] }],
    ['an extra -i in args', { args: ['-i', '/etc/passwd', 'out.mp4'] }],
    ['a movie= filter', { args: ['-filter_complex', 'movie=/etc/passwd[v]', '-map', '[v]', 'OUT'] }],
    ['a URL output', { args: ['-f', 'mpegts', 'udp://127.0.0.1:1234'] }],
    ['"-" without the null muxer', { args: ['-f', 'mp4', '-'] }],
  ])('refuses %s with a plain Error before spawning', async (_, patch) => {
    const run: FfmpegRun = { workspace: ws, inputs: [{ path: clip }], args: [join(ws, 'ok.mp4')], ...patch };
    run.args = run.args.map((a) => (a === 'OUT' ? join(ws, 'm.mp4') : a));
    const err = await failure(runFfmpeg(run));
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(FfmpegError);
    expect((err as Error).message).toMatch(/workspace|inputs|not allowed|URL/);
  });

  it('accepts the null muxer with "-" as output', async () => {
    await expect(runFfmpeg({ workspace: ws, inputs: [{ path: clip }], args: ['-f', 'null', '-'] })).resolves.toEqual({ stderrTail: '' });
  });
});
