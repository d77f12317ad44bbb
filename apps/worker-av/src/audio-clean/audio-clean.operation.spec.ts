import { measureLoudness } from '@spool/media';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HISS_BAND, makeNoisyTone, makeVideo, removeDir, rmsDb, tempDir } from '../testing/av-fixtures.js';
import { AUDIO_CLEAN_DEFAULTS, audioCleanOptions } from './audio-clean.input.js';
import { parseLoudnormReport } from '@spool/media';
import { cleanAudio, cleanupChain, loudnormApply } from './audio-clean.operation.js';

describe('audio.clean operation', () => {
  let dir: string;
  let noisy: string;
  beforeAll(async () => {
    dir = await tempDir();
    noisy = await makeNoisyTone(join(dir, 'noisy.wav'), { seconds: 4, noise: 0.01 });
  });
  afterAll(() => removeDir(dir));

  it('normalizes to the target loudness (±1 LU) and lowers the noise relative to the signal', async () => {
    const progress: number[] = [];
    const out = join(dir, 'm4a');
    await mkdir(out);
    const result = await cleanAudio(noisy, out, { ...AUDIO_CLEAN_DEFAULTS, format: 'm4a' }, { onProgress: (p) => progress.push(p), workspace: dir });

    expect(result).toMatchObject({ extension: 'm4a', contentType: 'audio/mp4', normalized: true });
    expect(result.probe.audio).toMatchObject({ codec: 'aac', sampleRate: 48000 });
    expect(result.durationSeconds).toBeCloseTo(4, 0);
    const measured = await measureLoudness(result.path);
    expect(Math.abs(measured.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(Math.abs(result.outputLoudness.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(result.inputLoudness.integratedLufs).toBeLessThan(-19); // the tone sits near -21 LUFS

    // Hiss (3–9 kHz) relative to the whole: the denoiser took it down.
    const snrIn = (await rmsDb(noisy)) - (await rmsDb(noisy, HISS_BAND));
    const snrOut = (await rmsDb(result.path)) - (await rmsDb(result.path, HISS_BAND));
    expect(snrOut).toBeGreaterThan(snrIn + 3);

    expect(progress.some((p) => p > 0 && p <= 50)).toBe(true);
    expect(progress.some((p) => p > 50)).toBe(true);
    expect(progress[progress.length - 1]).toBe(100);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('takes the audio of a video and writes the other formats', async () => {
    const video = await makeVideo(join(dir, 'clip.mp4'), { seconds: 3 });
    const out = join(dir, 'wav');
    await mkdir(out);
    const wav = await cleanAudio(video, out, { ...AUDIO_CLEAN_DEFAULTS, targetLufs: -20, format: 'wav' }, { workspace: dir });
    expect(wav.probe.video).toBeNull();
    expect(wav.probe.audio).toMatchObject({ codec: 'pcm_s24le', sampleRate: 48000 });
    expect(Math.abs(wav.outputLoudness.integratedLufs - -20)).toBeLessThanOrEqual(1);

    const mp3 = await cleanAudio(noisy, out, { ...AUDIO_CLEAN_DEFAULTS, format: 'mp3' }, { workspace: dir });
    expect(mp3.probe.audio).toMatchObject({ codec: 'mp3', sampleRate: 48000 });
    const flac = await cleanAudio(noisy, out, { ...AUDIO_CLEAN_DEFAULTS, format: 'flac' }, { workspace: dir });
    expect(flac.probe.audio).toMatchObject({ codec: 'flac', sampleRate: 48000 });
  });

  it('refuses an input without audio', async () => {
    const silent = await makeVideo(join(dir, 'silent.mp4'), { seconds: 1, audio: false });
    await expect(cleanAudio(silent, dir, AUDIO_CLEAN_DEFAULTS)).rejects.toMatchObject({ code: 'INVALID_JOB_INPUT', retryable: false });
  });

  it('builds the filter chains from the options', () => {
    expect(cleanupChain(AUDIO_CLEAN_DEFAULTS, 48000)).toEqual(['highpass=f=80', 'lowpass=f=12000', 'afftdn=nr=12:nf=-50']);
    expect(cleanupChain({ ...AUDIO_CLEAN_DEFAULTS, highpassHz: 0, noiseReductionDb: 0 }, 16000)).toEqual([]);
    const m = parseLoudnormReport('[Parsed_loudnorm_3 @ 0x1]\n{\n"input_i" : "-21.76",\n"input_tp" : "-17.56",\n"input_lra" : "0.10",\n"input_thresh" : "-31.76",\n"target_offset" : "-0.04"\n}');
    expect(m).toEqual({ integratedLufs: -21.76, truePeakDb: -17.56, lra: 0.1, threshold: -31.76, targetOffset: -0.04 });
    expect(loudnormApply(AUDIO_CLEAN_DEFAULTS, m!)).toBe(
      'loudnorm=I=-16:TP=-1.5:LRA=11:measured_I=-21.76:measured_TP=-17.56:measured_LRA=0.1:measured_thresh=-31.76:offset=-0.04:linear=true:print_format=none',
    );
    expect(audioCleanOptions({ url: 'u', targetLufs: -23 })).toMatchObject({ targetLufs: -23, truePeakDb: -1.5, lra: 11, format: 'm4a' });
  });
});
