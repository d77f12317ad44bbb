import { frameStats, type FrameStats } from '@spool/media';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeVideo, removeDir, tempDir } from '../testing/av-fixtures.js';
import { colorGrade, colorGradeFilter, type ColorGradeOptions } from './color-grade.operation.js';

/** A 2x2x2 .cube LUT; `f` maps an input corner (0 or 1 per channel) to its output. */
const cube = (f: (r: number, g: number, b: number) => [number, number, number]): string => {
  const rows: string[] = [];
  for (let b = 0; b <= 1; b++) for (let g = 0; g <= 1; g++) for (let r = 0; r <= 1; r++) rows.push(f(r, g, b).join(' '));
  return `TITLE "test"\nLUT_3D_SIZE 2\n${rows.join('\n')}\n`;
};

describe('video.color_grade operation', () => {
  let dir: string;
  let input: string;
  let before: FrameStats;
  const fast = { strength: 1, crf: 18, x264Preset: 'ultrafast' } satisfies Partial<ColorGradeOptions>;
  const grade = async (name: string, options: Partial<ColorGradeOptions>) => {
    const out = join(dir, name);
    await mkdir(out);
    const result = await colorGrade(input, out, { ...fast, ...options }, { workspace: dir });
    return { result, stats: await frameStats(result.path) };
  };

  beforeAll(async () => {
    dir = await tempDir();
    input = await makeVideo(join(dir, 'in.mp4'), { seconds: 1, size: '320x240' });
    before = await frameStats(input);
  });
  afterAll(() => removeDir(dir));

  it('warm raises red chroma (V) and lowers blue chroma (U), keeping size, duration and audio', async () => {
    const { result, stats } = await grade('warm', { preset: 'warm' });
    expect(stats.vavg).toBeGreaterThan(before.vavg + 2);
    expect(stats.uavg).toBeLessThan(before.uavg - 2);
    expect(result.probe.video).toMatchObject({ codec: 'h264', width: 320, height: 240 });
    expect(result.probe.audio?.codec).toBe('aac');
    expect(result.durationSeconds).toBeCloseTo(1, 0);
  });

  it('bw takes the saturation to about zero', async () => {
    const { stats } = await grade('bw', { preset: 'bw' });
    expect(before.satavg).toBeGreaterThan(20);
    expect(stats.satavg).toBeLessThan(1.5);
  });

  it('strength mixes the graded picture with the original', async () => {
    const { stats } = await grade('bw-half', { preset: 'bw', strength: 0.5 });
    expect(stats.satavg).toBeGreaterThan(before.satavg * 0.35);
    expect(stats.satavg).toBeLessThan(before.satavg * 0.65);
  });

  it('applies a .cube LUT from a path that needs escaping (an inverting LUT mirrors luma)', async () => {
    const lutDir = join(dir, "odd: name, [x]'s");
    await mkdir(lutDir);
    const lutPath = join(lutDir, 'invert.cube');
    await writeFile(lutPath, cube((r, g, b) => [1 - r, 1 - g, 1 - b]));
    const { stats } = await grade('lut', { lutPath });
    // Inverting RGB maps limited-range Y to about 16 + 235 - Y.
    expect(stats.yavg + before.yavg).toBeGreaterThan(251 - 8);
    expect(stats.yavg + before.yavg).toBeLessThan(251 + 8);
    expect(stats.uavg - 128).toBeCloseTo(-(before.uavg - 128), -1);
  });

  it('an identity LUT leaves the picture as it was; a LUT without a size line is refused', async () => {
    const identity = join(dir, 'identity.cube');
    await writeFile(identity, cube((r, g, b) => [r, g, b]));
    const { stats } = await grade('identity', { lutPath: identity });
    expect(Math.abs(stats.yavg - before.yavg)).toBeLessThan(2);
    expect(Math.abs(stats.vavg - before.vavg)).toBeLessThan(2);

    const broken = join(dir, 'broken.cube');
    await writeFile(broken, '0 0 0\n1 1 1\n');
    await expect(grade('broken', { lutPath: broken })).rejects.toMatchObject({ code: 'INVALID_JOB_INPUT', retryable: false });
  });

  it('needs a preset or a LUT', async () => {
    await expect(colorGrade(input, dir, { strength: 1, crf: 20 })).rejects.toMatchObject({ code: 'INVALID_JOB_INPUT', retryable: false });
    expect(colorGradeFilter({ preset: 'warm', strength: 0.25, crf: 20 })).toContain("mix=inputs=2:weights='0.75 0.25'");
  });
});
