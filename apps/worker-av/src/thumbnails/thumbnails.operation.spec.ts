import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeVideo, probeEntries, removeDir, tempDir } from '../testing/av-fixtures.js';
import { thumbnailOptions } from './thumbnails.input.js';
import { buildSpriteVtt, makeThumbnails, vttTimestamp } from './thumbnails.operation.js';

describe('video.thumbnails operation', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    await makeVideo(join(dir, 'in.mp4'), { seconds: 3, size: '320x240', audio: false });
  });
  afterAll(() => removeDir(dir));

  it('makes a poster, evenly spaced frames, a sprite sheet and a VTT index pointing into it', async () => {
    const progress: number[] = [];
    const result = await makeThumbnails(join(dir, 'in.mp4'), dir, { count: 7, columns: 3, width: 160, posterAtSeconds: null }, { onProgress: (p) => progress.push(p) });

    expect(result.frames).toHaveLength(7);
    expect(result.frames.map((f) => f.atSeconds)).toEqual(result.frames.map((_, i) => expect.closeTo((3 / 7) * (i + 0.5), 2)));
    for (const frame of result.frames) expect(frame.probe.video).toMatchObject({ width: 160, height: 120 });
    expect(result.layout).toEqual({ columns: 3, rows: 3, frameWidth: 160, frameHeight: 120 });
    const [sprite] = await probeEntries(result.sprite.path, 'stream=codec_name,width,height');
    expect(sprite).toMatchObject({ codec_name: 'mjpeg', width: 480, height: 360 });
    const [poster] = await probeEntries(result.poster.path, 'stream=width,height');
    expect(poster).toMatchObject({ width: 320, height: 240 });
    expect(progress[progress.length - 1]).toBe(100);

    const vtt = buildSpriteVtt('/v1/assets/abc/content', result.frames, result.layout);
    expect(vtt.startsWith('WEBVTT\n\n')).toBe(true);
    const cues = vtt.match(/^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$/gm) ?? [];
    expect(cues).toHaveLength(7);
    expect(vtt).toContain('00:00:00.000 --> 00:00:00.429\n/v1/assets/abc/content#xywh=0,0,160,120');
    expect(vtt).toContain('/v1/assets/abc/content#xywh=320,120,160,120'); // frame 6: column 2, row 1
    expect(vtt).toContain('00:00:02.571 --> 00:00:03.000\n/v1/assets/abc/content#xywh=0,240,160,120');
  });

  it('grabs the poster where asked, and a single frame sprite when count is 1', async () => {
    const out = join(dir, 'single');
    await mkdir(out);
    const result = await makeThumbnails(join(dir, 'in.mp4'), out, { count: 1, columns: 5, width: 64, posterAtSeconds: 2.5 }, { workspace: dir });
    expect(result.poster.atSeconds).toBe(2.5);
    expect(result.layout).toEqual({ columns: 1, rows: 1, frameWidth: 64, frameHeight: 48 });
    expect(result.sprite).toMatchObject({ width: 64, height: 48 });
    expect(result.frames[0].atSeconds).toBeCloseTo(1.5, 3);
  });

  it('formats VTT timestamps and applies defaults', () => {
    expect(vttTimestamp(3723.4567)).toBe('01:02:03.457');
    expect(thumbnailOptions({ assetId: 'a' })).toEqual({ count: 10, columns: 5, width: 320, posterAtSeconds: null });
  });
});
