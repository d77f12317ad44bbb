import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { alphaAt, firstFrameRgba, makeGreenScreen, probeStreamTags, removeDir, tempDir } from '../testing/av-fixtures.js';
import { rotoOptions } from './roto.input.js';
import { makeRoto } from './roto.operation.js';

describe('video.roto operation', () => {
  let dir: string;
  let input: string;
  beforeAll(async () => {
    dir = await tempDir();
    input = await makeGreenScreen(join(dir, 'green.mp4'), 1);
  });
  afterAll(() => removeDir(dir));

  const key = async (format: 'prores4444' | 'webm') => {
    const out = join(dir, format);
    await mkdir(out);
    return makeRoto(input, out, { ...rotoOptions({ url: 'x' }), format, vp9CpuUsed: 8 }, { workspace: dir });
  };

  it('ProRes 4444: a .mov with a real alpha channel, the green transparent, the subject opaque', async () => {
    const result = await key('prores4444');
    expect(result.path.endsWith('.mov')).toBe(true);
    expect(result.probe.video).toMatchObject({ codec: 'prores', hasAlpha: true, width: 320, height: 240 });
    const frame = await firstFrameRgba(result.path, dir);
    expect(alphaAt(frame, 10, 10)).toBe(0); // green screen
    expect(alphaAt(frame, 300, 230)).toBe(0);
    expect(alphaAt(frame, 160, 120)).toBe(255); // red box
  });

  it('WebM: VP9 with alpha_mode=1, transparent where it was green', async () => {
    const result = await key('webm');
    expect(result).toMatchObject({ extension: 'webm', contentType: 'video/webm' });
    expect(result.probe.video?.codec).toBe('vp9');
    const [video] = await probeStreamTags(result.path);
    expect(video.tags.alpha_mode).toBe('1');
    const frame = await firstFrameRgba(result.path, dir, 'libvpx-vp9');
    expect(alphaAt(frame, 10, 10)).toBeLessThan(10);
    expect(alphaAt(frame, 160, 120)).toBeGreaterThan(245);
  });

  it('applies defaults', () => {
    expect(rotoOptions({ assetId: 'a', similarity: 0.2 })).toEqual({ keyColor: '#00ff00', similarity: 0.2, blend: 0.1, format: 'prores4444' });
  });
});
