import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NonRetryableError } from '@spool/worker-runtime';
import { probeMedia } from './ffprobe.js';
import { parseFrameRate, pixelFormatHasAlpha } from './probe-mapping.js';
import { lavfiAudio, lavfiVideo, makeMedia } from './testing/make-media.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-probe-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('probeMedia', () => {
  it('describes an mp4 with video and audio', async () => {
    const path = await makeMedia(dir, 'av.mp4', [
      '-f', 'lavfi', '-i', 'testsrc2=d=1:s=320x240:r=30000/1001',
      ...lavfiAudio(1),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest',
    ]);
    const probe = await probeMedia(path);
    expect(probe.format).toContain('mp4');
    expect(probe.durationSeconds).toBeCloseTo(1, 0);
    expect(probe.bitRate).toBeGreaterThan(0);
    expect(probe.streams).toHaveLength(2);
    expect(probe.video).toMatchObject({ type: 'video', codec: 'h264', width: 320, height: 240, fps: 29.97, pixelFormat: 'yuv420p', hasAlpha: false });
    expect(probe.video?.durationSeconds).toBeGreaterThan(0.9);
    expect(probe.audio).toMatchObject({ type: 'audio', codec: 'aac', profile: 'LC', sampleRate: 48000, channels: 2, channelLayout: 'stereo' });
  });

  it('describes a wav', async () => {
    const probe = await probeMedia(await makeMedia(dir, 'tone.wav', [...lavfiAudio(1), '-c:a', 'pcm_s16le']));
    expect(probe.format).toBe('wav');
    expect(probe.video).toBeNull();
    expect(probe.audio).toMatchObject({ codec: 'pcm_s16le', sampleRate: 48000, channels: 1 });
    expect(probe.audio?.durationSeconds).toBeCloseTo(1, 1);
  });

  it('describes a png', async () => {
    const probe = await probeMedia(await makeMedia(dir, 'still.png', [...lavfiVideo(1), '-frames:v', '1']));
    expect(probe.video).toMatchObject({ codec: 'png', width: 320, height: 240 });
    expect(probe.audio).toBeNull();
  });

  it('sees the alpha channel of a ProRes 4444 mov', async () => {
    const path = await makeMedia(dir, 'alpha.mov', [
      ...lavfiVideo(0.4),
      '-vf', 'format=yuva444p10le',
      '-c:v', 'prores_ks', '-profile:v', '4444', '-pix_fmt', 'yuva444p10le',
    ]);
    const probe = await probeMedia(path);
    expect(probe.video).toMatchObject({ codec: 'prores', hasAlpha: true });
    expect(probe.video?.pixelFormat).toMatch(/^yuva444p1[02]le$/);
  });

  it('reads a matroska stream duration from its tags', async () => {
    const probe = await probeMedia(await makeMedia(dir, 'v.mkv', [...lavfiVideo(1), '-c:v', 'libx264', '-preset', 'ultrafast']));
    expect(probe.video?.durationSeconds).toBeCloseTo(1, 1);
    expect(probe.video?.fps).toBe(25);
  });

  it('fails a corrupt file as non-retryable MEDIA_UNDECODABLE', async () => {
    const path = join(dir, 'corrupt.mp4');
    await writeFile(path, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 31 + 7) % 253)));
    const err = await probeMedia(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ code: 'MEDIA_UNDECODABLE', retryable: false });
    expect((err as Error).message).not.toContain(dir);
  });

  it('reports a missing ffprobe as retryable MEDIA_TOOL_FAILED', async () => {
    await expect(probeMedia(join(dir, 'tone.wav'), { ffprobePath: '/nonexistent/ffprobe' })).rejects.toMatchObject({
      code: 'MEDIA_TOOL_FAILED',
      retryable: true,
      message: expect.stringContaining('/nonexistent/ffprobe'),
    });
  });
});

describe('parseFrameRate', () => {
  it.each([
    ['30000/1001', 29.97],
    ['24000/1001', 23.976],
    ['25/1', 25],
    ['60', 60],
    ['0/0', null],
    ['N/A', null],
    [undefined, null],
  ])('%s → %s', (value, expected) => expect(parseFrameRate(value)).toBe(expected));
});

describe('pixelFormatHasAlpha', () => {
  it.each(['yuva420p', 'yuva444p10le', 'rgba', 'argb', 'bgra', 'abgr', 'gbrap', 'gbrap12le', 'ya8', 'ya16be', 'rgba64le'])('%s has alpha', (f) =>
    expect(pixelFormatHasAlpha(f)).toBe(true),
  );
  it.each(['yuv420p', 'yuv444p10le', 'rgb24', 'gbrp', 'pal8', 'gray', 'rgb0', '0rgb', 'nv12', null])('%s has none', (f) =>
    expect(pixelFormatHasAlpha(f)).toBe(false),
  );
});
