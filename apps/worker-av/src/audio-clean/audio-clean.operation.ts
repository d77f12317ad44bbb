import { AttemptErrorCode, type MediaProbe } from '@spool/contracts';
import { measureLoudness, parseLoudnormReport, runFfmpeg, type Loudness } from '@spool/media';
import { JobError } from '@spool/worker-runtime';
import { join } from 'node:path';
import { invalidInput, outputMismatch } from '../common/errors.js';
import { num } from '../common/filters.js';
import { durationOf, ffmpegRunOptions, probeInput, progressSlice, type OperationContext } from '../common/operation.js';
import { expectAudio, expectDuration, probeOutput } from '../common/verify.js';

export type AudioFormat = 'wav' | 'flac' | 'm4a' | 'mp3';

export interface AudioCleanOptions {
  highpassHz: number;
  lowpassHz: number;
  noiseReductionDb: number;
  noiseFloorDb: number;
  targetLufs: number;
  truePeakDb: number;
  lra: number;
  format: AudioFormat;
}

export interface AudioCleanResult {
  path: string;
  probe: MediaProbe;
  inputProbe: MediaProbe;
  contentType: string;
  extension: string;
  /** The cleaned-up (filtered) audio before normalization, as pass 1 measured it. */
  inputLoudness: Loudness;
  outputLoudness: Loudness;
  /** false when the input is (near) silent: there is nothing to normalize. */
  normalized: boolean;
  durationSeconds: number | null;
}

export const AUDIO_FORMATS: Record<AudioFormat, { extension: string; contentType: string; codec: string; args: string[] }> = {
  wav: { extension: 'wav', contentType: 'audio/wav', codec: 'pcm_s24le', args: ['-c:a', 'pcm_s24le', '-rf64', 'auto'] },
  flac: { extension: 'flac', contentType: 'audio/flac', codec: 'flac', args: ['-c:a', 'flac', '-sample_fmt', 's32'] },
  m4a: { extension: 'm4a', contentType: 'audio/mp4', codec: 'aac', args: ['-c:a', 'aac', '-b:a', '192k', '-movflags', '+faststart'] },
  mp3: { extension: 'mp3', contentType: 'audio/mpeg', codec: 'mp3', args: ['-c:a', 'libmp3lame', '-b:a', '192k'] },
};

export const OUTPUT_SAMPLE_RATE = 48000;
/** Below this an input is taken as silence: normalizing it would only amplify noise. */
const SILENCE_LUFS = -60;
/** Two-pass linear loudnorm lands within a fraction of a LU; dynamic mode and lossy codecs drift a little more. */
const LOUDNESS_TOLERANCE_LU = 2;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** High-pass, low-pass and FFT denoise; the low-pass is left out when the sample rate cannot carry it. */
export function cleanupChain(options: AudioCleanOptions, sampleRate: number | undefined): string[] {
  const chain: string[] = [];
  const nyquistSafe = sampleRate ? sampleRate * 0.45 : Infinity;
  if (options.highpassHz > 0) chain.push(`highpass=f=${num(options.highpassHz, 1)}`);
  if (options.lowpassHz < nyquistSafe) chain.push(`lowpass=f=${num(options.lowpassHz, 1)}`);
  if (options.noiseReductionDb > 0) chain.push(`afftdn=nr=${num(Math.max(0.01, options.noiseReductionDb), 2)}:nf=${num(options.noiseFloorDb, 2)}`);
  return chain;
}

const targets = (o: AudioCleanOptions) => `I=${num(o.targetLufs, 2)}:TP=${num(o.truePeakDb, 2)}:LRA=${num(o.lra, 2)}`;

/** The pass-2 loudnorm: linear gain from the pass-1 measurement (loudnorm falls back to dynamic when the peak or LRA target cannot be met linearly). */
export function loudnormApply(options: AudioCleanOptions, m: Loudness): string {
  return (
    `loudnorm=${targets(options)}` +
    `:measured_I=${num(clamp(m.integratedLufs, -99, 0), 2)}` +
    `:measured_TP=${num(clamp(m.truePeakDb, -99, 99), 2)}` +
    `:measured_LRA=${num(clamp(m.lra, 0, 99), 2)}` +
    `:measured_thresh=${num(clamp(m.threshold, -99, 0), 2)}` +
    `:offset=${num(clamp(m.targetOffset, -99, 99), 2)}` +
    ':linear=true:print_format=none'
  );
}

/**
 * Cleans up speech-like audio: high-pass, low-pass, FFT denoise, then
 * two-pass EBU R128 loudness normalization to `targetLufs`, resampled to
 * 48 kHz. Pass 1 (0–50 %) measures the filtered audio, pass 2 (50–100 %)
 * filters again and applies the measured gain. Takes an audio file or the
 * first audio stream of a video.
 */
export async function cleanAudio(inputPath: string, outDir: string, options: AudioCleanOptions, ctx: OperationContext = {}): Promise<AudioCleanResult> {
  const inputProbe = await probeInput(inputPath, ctx);
  if (!inputProbe.audio) throw invalidInput('The input has no audio stream');
  if (options.highpassHz > 0 && options.highpassHz >= options.lowpassHz) throw invalidInput('highpassHz must be below lowpassHz');
  const format = AUDIO_FORMATS[options.format];
  const path = join(outDir, `clean.${format.extension}`);
  const durationSeconds = inputProbe.audio.durationSeconds ?? durationOf(inputProbe);
  const chain = cleanupChain(options, inputProbe.audio.sampleRate);
  const run = { ...ffmpegRunOptions(ctx, outDir), durationSeconds };

  // Pass 1: filter and measure. loudnorm prints its report at info level, after everything else,
  // so this run asks for info (a later -loglevel wins) and reads the report off the stderr tail.
  const pass1 = await runFfmpeg({
    ...run,
    inputs: [{ path: inputPath }],
    args: ['-loglevel', 'info', '-map', '0:a:0', '-vn', '-sn', '-dn', '-af', [...chain, `loudnorm=${targets(options)}:print_format=json`].join(','), '-f', 'null', '-'],
    onProgress: progressSlice(ctx.onProgress, 0, 50),
  });
  const measured = parseLoudnormReport(pass1.stderrTail);
  if (!measured) throw new JobError('loudnorm printed no measurement in the first pass', AttemptErrorCode.MEDIA_TOOL_FAILED);
  const normalized = Number.isFinite(measured.integratedLufs) && measured.integratedLufs > SILENCE_LUFS;

  // Pass 2: the same filters, then the measured linear gain.
  const filters = [...chain, ...(normalized ? [loudnormApply(options, measured)] : []), `aresample=${OUTPUT_SAMPLE_RATE}`];
  await runFfmpeg({
    ...run,
    inputs: [{ path: inputPath }],
    args: ['-map', '0:a:0', '-vn', '-sn', '-dn', '-af', filters.join(','), '-ar', String(OUTPUT_SAMPLE_RATE), ...format.args, path],
    onProgress: progressSlice(ctx.onProgress, 50, 100),
  });

  const probe = await probeOutput(path, ctx, 'cleaned audio');
  expectAudio(probe, { codec: format.codec, sampleRate: OUTPUT_SAMPLE_RATE }, 'cleaned audio');
  expectDuration(probe, durationSeconds, 'cleaned audio');
  const outputLoudness = await measureLoudness(path, { ffmpegPath: ctx.ffmpegPath, signal: ctx.signal });
  if (normalized && !(Math.abs(outputLoudness.integratedLufs - options.targetLufs) <= LOUDNESS_TOLERANCE_LU)) {
    throw outputMismatch(`the cleaned audio measures ${outputLoudness.integratedLufs} LUFS, the target is ${options.targetLufs}`);
  }
  return {
    path,
    probe,
    inputProbe,
    contentType: format.contentType,
    extension: format.extension,
    inputLoudness: measured,
    outputLoudness,
    normalized,
    durationSeconds: probe.durationSeconds,
  };
}
