import type { MediaProbe, MediaStream } from '@spool/contracts';
import { probeMedia } from '@spool/media';
import { stat } from 'node:fs/promises';
import { outputMismatch } from './errors.js';
import { durationOf, type OperationContext } from './operation.js';

/** Probes a file ffmpeg just wrote; a missing, empty or unreadable output is a mismatch. */
export async function probeOutput(path: string, ctx: Pick<OperationContext, 'ffprobePath' | 'signal'>, what = 'output'): Promise<MediaProbe> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0) throw outputMismatch(`the ${what} was not written`);
  try {
    return await probeMedia(path, { ffprobePath: ctx.ffprobePath, signal: ctx.signal });
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    throw outputMismatch(`the ${what} cannot be read back: ${(err as Error).message}`);
  }
}

export interface VideoExpectation {
  /** ffprobe codec name: h264, hevc, vp9, av1, prores, mjpeg... */
  codec?: string;
  width?: number;
  height?: number;
  hasAlpha?: boolean;
  pixelFormat?: string;
}

export function expectVideo(probe: MediaProbe, want: VideoExpectation, what = 'output'): MediaStream {
  const v = probe.video;
  if (!v) throw outputMismatch(`the ${what} has no video stream`);
  if (want.codec && v.codec !== want.codec) throw outputMismatch(`the ${what} video codec is ${v.codec}, not ${want.codec}`);
  if (want.width !== undefined && v.width !== want.width) throw outputMismatch(`the ${what} is ${v.width} px wide, not ${want.width}`);
  if (want.height !== undefined && v.height !== want.height) throw outputMismatch(`the ${what} is ${v.height} px high, not ${want.height}`);
  if (want.pixelFormat && v.pixelFormat !== want.pixelFormat) throw outputMismatch(`the ${what} pixel format is ${v.pixelFormat}, not ${want.pixelFormat}`);
  if (want.hasAlpha !== undefined && Boolean(v.hasAlpha) !== want.hasAlpha) {
    throw outputMismatch(`the ${what} ${want.hasAlpha ? 'has no' : 'has an'} alpha channel (${v.pixelFormat})`);
  }
  return v;
}

export interface AudioExpectation {
  codec?: string;
  sampleRate?: number;
}

export function expectAudio(probe: MediaProbe, want: AudioExpectation, what = 'output'): MediaStream {
  const a = probe.audio;
  if (!a) throw outputMismatch(`the ${what} has no audio stream`);
  if (want.codec && a.codec !== want.codec) throw outputMismatch(`the ${what} audio codec is ${a.codec}, not ${want.codec}`);
  if (want.sampleRate !== undefined && a.sampleRate !== want.sampleRate) {
    throw outputMismatch(`the ${what} sample rate is ${a.sampleRate} Hz, not ${want.sampleRate}`);
  }
  return a;
}

export function expectNoAudio(probe: MediaProbe, what = 'output'): void {
  if (probe.audio) throw outputMismatch(`the ${what} has an audio stream, none was asked for`);
}

/** Container format names as ffprobe lists them, e.g. "mov,mp4,m4a,3gp,3g2,mj2" includes "mp4". */
export function expectFormat(probe: MediaProbe, name: string, what = 'output'): void {
  if (!probe.format.split(',').includes(name)) throw outputMismatch(`the ${what} container is ${probe.format}, not ${name}`);
}

/**
 * The output lasts as long as the input, give or take encoder padding
 * (AAC priming, the last frame's duration): half a second or 2 %.
 */
export function expectDuration(probe: MediaProbe, expectedSeconds: number | null, what = 'output'): void {
  if (expectedSeconds === null || !(expectedSeconds > 0)) return;
  const actual = durationOf(probe);
  if (actual === null) throw outputMismatch(`the ${what} has no duration`);
  const tolerance = Math.max(0.5, expectedSeconds * 0.02);
  if (Math.abs(actual - expectedSeconds) > tolerance) {
    throw outputMismatch(`the ${what} lasts ${actual.toFixed(2)} s, the input ${expectedSeconds.toFixed(2)} s`);
  }
}

/** Pixel dimensions after a rotation-aware scale: either orientation of the input's, ±1 px for even rounding. */
export function expectSameSize(probe: MediaProbe, input: MediaStream, what = 'output'): void {
  const v = probe.video;
  if (!v || v.width === undefined || v.height === undefined || input.width === undefined || input.height === undefined) return;
  const close = (a: number, b: number) => Math.abs(a - b) <= 1;
  const same = (close(v.width, input.width) && close(v.height, input.height)) || (close(v.width, input.height) && close(v.height, input.width));
  if (!same) throw outputMismatch(`the ${what} is ${v.width}x${v.height}, the input ${input.width}x${input.height}`);
}
