import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegProcessesMentioning, makeVideo, probeEntries, removeDir, tempDir } from '../testing/av-fixtures.js';
import { resolveTranscodeSettings, transcode } from './transcode.operation.js';

describe('video.transcode settings', () => {
  it('takes a preset and lets explicit fields override it', () => {
    expect(resolveTranscodeSettings({ preset: 'h264_720p' })).toEqual({
      videoCodec: 'h264', container: 'mp4', height: 720, crf: 22, videoBitrateKbps: null, audioCodec: 'aac', audioBitrateKbps: 128,
    });
    expect(resolveTranscodeSettings({ preset: 'h264_720p', height: 480, videoBitrateKbps: 900, container: 'mkv' })).toMatchObject({
      videoCodec: 'h264', container: 'mkv', height: 480, crf: null, videoBitrateKbps: 900, audioCodec: 'aac',
    });
    // A codec that does not fit the preset's container gets its own default container and audio.
    expect(resolveTranscodeSettings({ preset: 'vp9_720p', videoCodec: 'hevc' })).toMatchObject({ container: 'mp4', audioCodec: 'aac', crf: 28, height: 720 });
    expect(resolveTranscodeSettings({ preset: 'h264_1080p', videoCodec: 'vp9' })).toMatchObject({ container: 'mp4', audioCodec: 'aac', crf: 32 });
    expect(resolveTranscodeSettings({ videoCodec: 'prores' })).toMatchObject({ container: 'mov', crf: null, audioCodec: 'aac', height: null });
    expect(resolveTranscodeSettings({ preset: 'prores_hq' })).toMatchObject({ videoCodec: 'prores', container: 'mov', audioCodec: 'pcm' });
    expect(resolveTranscodeSettings({ preset: 'av1_720p' })).toMatchObject({ videoCodec: 'av1', container: 'mp4', crf: 35 });
  });

  it.each([
    [{ videoCodec: 'vp9', container: 'mov' }, /mov file cannot hold vp9/],
    [{ videoCodec: 'prores', container: 'mp4' }, /mp4 file cannot hold prores/],
    [{ videoCodec: 'prores', container: 'webm' }, /webm file cannot hold prores/],
    [{ preset: 'vp9_720p', audioCodec: 'aac' }, /webm file cannot hold aac audio/],
    [{ videoCodec: 'h264', container: 'webm' }, /webm file cannot hold h264/],
    [{ preset: 'h264_720p', crf: 20, videoBitrateKbps: 1000 }, /not both/],
    [{ preset: 'prores_hq', crf: 20 }, /ProRes has no crf/],
    [{ videoCodec: 'h264', crf: 60 }, /up to 51/],
    [{ preset: 'h264_720p', audioCodec: 'copy', audioBitrateKbps: 128 }, /audioBitrateKbps applies/],
  ] as const)('refuses %j', (input, message) => {
    let error: unknown;
    try {
      resolveTranscodeSettings(input as Parameters<typeof resolveTranscodeSettings>[0]);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'INVALID_JOB_INPUT', retryable: false, message: expect.stringMatching(message) });
  });
});

describe('video.transcode operation', () => {
  let dir: string;
  let input: string;
  let short: string;
  beforeAll(async () => {
    dir = await tempDir();
    input = await makeVideo(join(dir, 'in.mp4'), { seconds: 2, size: '320x240' });
    short = await makeVideo(join(dir, 'short.mp4'), { seconds: 1, size: '320x240' });
  });
  afterAll(() => removeDir(dir));

  it('makes a VP9/Opus WebM at the asked height', async () => {
    const out = join(dir, 'vp9');
    await mkdir(out);
    const result = await transcode(input, out, resolveTranscodeSettings({ preset: 'vp9_720p', height: 180 }), { speed: 'fastest', workspace: dir });
    expect(result).toMatchObject({ extension: 'webm', contentType: 'video/webm' });
    expect(result.probe.format).toContain('webm');
    const [video] = await probeEntries(result.path, 'stream=codec_name,width,height');
    expect(video).toMatchObject({ codec_name: 'vp9', width: 240, height: 180 });
    const [audio] = await probeEntries(result.path, 'stream=codec_name', 'a:0');
    expect(audio.codec_name).toBe('opus');
  });

  it.each([
    [{ preset: 'hevc_1080p', height: 120 }, 'hevc', 'mp4', 'aac'],
    [{ preset: 'av1_720p', height: 120, audioCodec: 'none' }, 'av1', 'mp4', null],
    [{ preset: 'prores_hq' }, 'prores', 'mov', 'pcm_s16le'],
    [{ videoCodec: 'h264', container: 'mkv', videoBitrateKbps: 300, audioCodec: 'copy' }, 'h264', 'matroska', 'aac'],
  ] as const)('encodes %j', async (input, codec, format, audioCodec) => {
    const out = join(dir, `${codec}-${format}`);
    await mkdir(out);
    const result = await transcode(short, out, resolveTranscodeSettings(input), { speed: 'fastest', workspace: dir });
    expect(result.probe.format.split(',')).toContain(format);
    expect(result.probe.video?.codec).toBe(codec);
    expect(result.probe.audio?.codec ?? null).toBe(audioCodec);
    if ('height' in input) expect(result.probe.video?.height).toBe(input.height);
    else expect(result.probe.video).toMatchObject({ width: 320, height: 240 });
  });

  it('refuses to copy audio a container cannot hold', async () => {
    await expect(
      transcode(input, dir, resolveTranscodeSettings({ videoCodec: 'vp9', audioCodec: 'copy' }), { speed: 'fastest' }),
    ).rejects.toMatchObject({ code: 'INVALID_JOB_INPUT', retryable: false });
  });

  it('an abort mid-transcode rejects with the reason and leaves no ffmpeg behind', async () => {
    const long = await makeVideo(join(dir, 'long.mp4'), { seconds: 12, size: '320x240', audio: false });
    const out = join(dir, 'abort-me');
    await mkdir(out);
    const controller = new AbortController();
    const reason = new Error('canceled by test');
    const progress: number[] = [];
    const running = transcode(long, out, resolveTranscodeSettings({ videoCodec: 'av1', crf: 30 }), {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p);
        if (p > 0) controller.abort(reason);
      },
      workspace: dir,
    });
    setTimeout(() => controller.abort(reason), 5000).unref(); // in case no progress comes first
    await expect(running).rejects.toBe(reason);
    expect(await ffmpegProcessesMentioning(out)).toEqual([]);
    expect(progress.every((p) => p < 100)).toBe(true);
  });
});
