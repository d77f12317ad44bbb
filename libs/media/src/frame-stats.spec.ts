import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { frameStats } from './frame-stats.js';
import { lavfiVideo, makeMedia } from './testing/make-media.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-stats-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('frameStats', () => {
  it('shows a brighter, less saturated picture as such', async () => {
    const encode = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];
    const base = await makeMedia(dir, 'base.mp4', [...lavfiVideo(1), ...encode]);
    const bright = await makeMedia(dir, 'bright.mp4', [...lavfiVideo(1), '-vf', 'eq=brightness=0.3', ...encode]);
    const grey = await makeMedia(dir, 'grey.mp4', [...lavfiVideo(1), '-vf', 'hue=s=0', ...encode]);

    const [a, b, g] = await Promise.all([frameStats(base), frameStats(bright), frameStats(grey, { seconds: 0.5 })]);
    expect(a.yavg).toBeGreaterThan(16);
    expect(a.yavg).toBeLessThan(235);
    expect(b.yavg).toBeGreaterThan(a.yavg + 30);
    expect(a.satavg).toBeGreaterThan(10);
    expect(g.satavg).toBeLessThan(2);
    expect(g.uavg).toBeCloseTo(128, -1);
  });

  it('fails a file without video as MEDIA_UNDECODABLE', async () => {
    const wav = await makeMedia(dir, 'a.wav', ['-f', 'lavfi', '-i', 'sine=d=0.2']);
    await expect(frameStats(wav)).rejects.toMatchObject({ code: 'MEDIA_UNDECODABLE' });
  });
});
