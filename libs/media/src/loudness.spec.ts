import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureLoudness, parseLoudnormReport } from './loudness.js';
import { makeMedia } from './testing/make-media.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'spool-loud-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const tone = (name: string, db: number) =>
  makeMedia(dir, name, ['-f', 'lavfi', '-i', `sine=f=1000:d=2:sample_rate=48000,volume=${db}dB`, '-c:a', 'pcm_s16le']);

describe('measureLoudness', () => {
  it('measures a 1 kHz sine at a known level', async () => {
    // lavfi's sine peaks at 1/8 (-18 dBFS); -20 dB more gives an RMS near -41 dBFS ≈ -41 LUFS.
    const quiet = await measureLoudness(await tone('quiet.wav', -20));
    expect(quiet.integratedLufs).toBeGreaterThan(-43);
    expect(quiet.integratedLufs).toBeLessThan(-39);
    expect(quiet.truePeakDb).toBeGreaterThan(-39.5);
    expect(quiet.truePeakDb).toBeLessThan(-37);
    expect(Number.isFinite(quiet.lra)).toBe(true);
    expect(quiet.threshold).toBeLessThan(quiet.integratedLufs);

    const loud = await measureLoudness(await tone('loud.wav', -10));
    expect(loud.integratedLufs - quiet.integratedLufs).toBeCloseTo(10, 0);
  });

  it('fails a file without audio as MEDIA_UNDECODABLE', async () => {
    const video = await makeMedia(dir, 'silent.mp4', ['-f', 'lavfi', '-i', 'testsrc2=d=0.2:s=320x240', '-c:v', 'libx264', '-preset', 'ultrafast']);
    await expect(measureLoudness(video)).rejects.toMatchObject({ code: 'MEDIA_UNDECODABLE', retryable: false });
  });
});

describe('parseLoudnormReport', () => {
  it('reads the last JSON block, silence included', () => {
    const log = `[Parsed_loudnorm_0 @ 0x1] \n{\n\t"input_i" : "-inf",\n\t"input_tp" : "-inf",\n\t"input_lra" : "0.00",\n\t"input_thresh" : "-70.00",\n\t"output_i" : "-inf"\n}\n`;
    expect(parseLoudnormReport(`Input #0 {junk\n${log}`)).toEqual({ integratedLufs: -Infinity, truePeakDb: -Infinity, lra: 0, threshold: -70, targetOffset: 0 });
    expect(parseLoudnormReport('no report here')).toBeNull();
  });
});
