import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpeg, removeDir, tempDir } from '../testing/av-fixtures.js';
import { isFaststart, topLevelAtoms } from './faststart.js';
import { escapeFilterValue, ffmpegColor } from './filters.js';

describe('faststart', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDir();
    const input = ['-f', 'lavfi', '-i', 'testsrc2=d=0.5:s=160x120:r=10', '-c:v', 'libx264', '-preset', 'ultrafast'];
    await ffmpeg([...input, '-movflags', '+faststart'], join(dir, 'fast.mp4'));
    await ffmpeg(input, join(dir, 'slow.mp4'));
  });
  afterAll(() => removeDir(dir));

  it('reads the top-level atoms of an MP4', async () => {
    const types = (await topLevelAtoms(join(dir, 'slow.mp4'))).map((a) => a.type);
    expect(types[0]).toBe('ftyp');
    expect(types).toEqual(expect.arrayContaining(['moov', 'mdat']));
  });

  it('tells a faststart file (moov before mdat) from one that is not', async () => {
    expect(await isFaststart(join(dir, 'fast.mp4'))).toBe(true);
    expect(await isFaststart(join(dir, 'slow.mp4'))).toBe(false);
  });

  it('is false for a file that is not MP4 at all', async () => {
    await writeFile(join(dir, 'junk.mp4'), 'not an mp4 file, just text that goes on');
    expect(await isFaststart(join(dir, 'junk.mp4'))).toBe(false);
  });
});

describe('filter helpers', () => {
  it('escapes option values at both filtergraph levels', () => {
    expect(escapeFilterValue('/tmp/ws/lut.cube')).toBe('/tmp/ws/lut.cube');
    expect(escapeFilterValue("/a:b/c'd,e[f];g")).toBe("/a\\\\:b/c\\\\\\'d\\,e\\[f\\]\\;g");
  });

  it('turns #rrggbb into ffmpeg colors and refuses anything else', () => {
    expect(ffmpegColor('#00FF00')).toBe('0x00ff00');
    expect(() => ffmpegColor('green')).toThrow();
  });
});
