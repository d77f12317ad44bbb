import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isFaststart } from '../common/faststart.js';
import { keyframeTimes, makeVideo, probeEntries, removeDir, tempDir } from '../testing/av-fixtures.js';
import { PROXY_DEFAULTS, proxyOptions } from './proxy.input.js';
import { gopFrames, makeProxy } from './proxy.operation.js';

describe('video.proxy operation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await makeVideo(join(dir, 'in.mp4'), { seconds: 3, size: '640x360', rate: 25 });
    await makeVideo(join(dir, 'silent.mp4'), { seconds: 1, size: '320x240', audio: false });
  });
  afterAll(() => removeDir(dir));

  it('makes an H.264 high / AAC faststart MP4 at the asked height with a fixed keyframe interval', async () => {
    const progress: number[] = [];
    const out = join(dir, 'a');
    await mkdir(out);
    const result = await makeProxy(join(dir, 'in.mp4'), out, { height: 540, keyframeIntervalSeconds: 1, crf: 28, x264Preset: 'superfast' }, {
      onProgress: (p) => progress.push(p),
      workspace: dir,
    });

    expect(result).toMatchObject({ width: 960, height: 540, hasAudio: true, gop: 25 });
    const [video] = await probeEntries(result.path, 'stream=codec_name,profile,width,height,pix_fmt');
    expect(video).toMatchObject({ codec_name: 'h264', profile: 'High', width: 960, height: 540, pix_fmt: 'yuv420p' });
    const [audio] = await probeEntries(result.path, 'stream=codec_name', 'a:0');
    expect(audio.codec_name).toBe('aac');
    expect(result.durationSeconds).toBeCloseTo(3, 0);
    expect(await isFaststart(result.path)).toBe(true);
    expect(await keyframeTimes(result.path)).toEqual([0, 1, 2]);
    expect(progress[progress.length - 1]).toBe(100);
  });

  it('leaves audio out when the input has none', async () => {
    const result = await makeProxy(join(dir, 'silent.mp4'), dir, { ...PROXY_DEFAULTS, height: 540, x264Preset: 'ultrafast' });
    expect(result.hasAudio).toBe(false);
    expect(result.probe.audio).toBeNull();
    expect(result.height).toBe(540);
  });

  it('applies defaults and derives the GOP from the frame rate', () => {
    expect(proxyOptions({ assetId: 'x' })).toEqual({ height: 720, keyframeIntervalSeconds: 2, crf: 23 });
    expect(proxyOptions({ url: 'u', height: 1080, crf: 20 })).toMatchObject({ height: 1080, crf: 20 });
    expect(gopFrames(29.97, 2)).toBe(60);
    expect(gopFrames(null, 2)).toBe(60);
  });
});
