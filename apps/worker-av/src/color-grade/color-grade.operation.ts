import type { MediaProbe } from '@spool/contracts';
import { runFfmpeg } from '@spool/media';
import { copyFile, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput } from '../common/errors.js';
import { expectFaststart } from '../common/faststart.js';
import { escapeFilterValue, num } from '../common/filters.js';
import { durationOf, ffmpegRunOptions, probeInput, type OperationContext } from '../common/operation.js';
import { expectAudio, expectDuration, expectNoAudio, expectSameSize, expectVideo, probeOutput } from '../common/verify.js';
import { COLOR_PRESETS, type ColorPreset } from './color-grade.presets.js';

export interface ColorGradeOptions {
  preset?: ColorPreset | null;
  /** A .cube file inside the workspace. */
  lutPath?: string | null;
  /** 0–1: how much of the graded picture is mixed over the original. */
  strength: number;
  crf: number;
  x264Preset?: string;
}

export interface ColorGradeResult {
  path: string;
  probe: MediaProbe;
  inputProbe: MediaProbe;
  durationSeconds: number | null;
}

/** Audio codecs an MP4 takes as they are; anything else is re-encoded to AAC. */
const MP4_AUDIO = new Set(['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus']);
export const MAX_LUT_BYTES = 64 * 1024 * 1024;

/**
 * Checks a .cube file enough that ffmpeg will not choke on it (a size line
 * and that many cubed rows of three numbers) and gives a path ending in
 * `.cube`, which lut3d needs to pick its parser.
 */
export async function prepareCubeLut(path: string, outDir: string): Promise<string> {
  if ((await stat(path)).size > MAX_LUT_BYTES) throw invalidInput('The LUT file is larger than 64 MiB');
  const text = await readFile(path, 'latin1');
  const sizeLine = /^\s*LUT_3D_SIZE\s+(\d+)\s*$/m.exec(text);
  if (!sizeLine) throw invalidInput('The LUT is not a 3D .cube file (no LUT_3D_SIZE line)');
  const size = Number(sizeLine[1]);
  if (size < 2 || size > 128) throw invalidInput(`The LUT size ${size} is outside 2–128`);
  const rows = text.split(/\r?\n/).filter((l) => /^\s*[-+]?[\d.]+(?:e[-+]?\d+)?\s+[-+]?[\d.]+(?:e[-+]?\d+)?\s+[-+]?[\d.]+(?:e[-+]?\d+)?\s*$/i.test(l)).length;
  if (rows !== size ** 3) throw invalidInput(`The LUT declares size ${size} (${size ** 3} entries) but has ${rows}`);
  if (path.endsWith('.cube')) return path;
  const cube = join(outDir, 'grade-lut.cube');
  await copyFile(path, cube);
  return cube;
}

/** The grading chain alone: LUT first (the technical or creative base), then the preset's look. */
export function gradeChain(options: Pick<ColorGradeOptions, 'preset' | 'lutPath'>): string {
  const parts: string[] = [];
  if (options.lutPath) parts.push(`lut3d=file=${escapeFilterValue(options.lutPath)}:interp=tetrahedral`);
  if (options.preset) parts.push(COLOR_PRESETS[options.preset]);
  if (parts.length === 0) throw invalidInput('Give a preset or a lutAssetId (or both)');
  return parts.join(',');
}

/** The whole -filter_complex, ending in [v]: even dimensions, the grade, and a mix with the original below strength 1. */
export function colorGradeFilter(options: ColorGradeOptions): string {
  const even = 'crop=trunc(iw/2)*2:trunc(ih/2)*2';
  const chain = gradeChain(options);
  const s = Math.min(1, Math.max(0, options.strength));
  if (s >= 1) return `[0:v:0]${even},${chain},format=yuv420p[v]`;
  return (
    `[0:v:0]${even},format=yuv420p,split=2[orig][tograde];` +
    `[tograde]${chain},format=yuv420p[graded];` +
    `[orig][graded]mix=inputs=2:weights='${num(1 - s)} ${num(s)}':scale=1[v]`
  );
}

/** Applies a named look and/or a 3D LUT to a video, re-encoded as H.264 MP4 with the audio kept. */
export async function colorGrade(inputPath: string, outDir: string, options: ColorGradeOptions, ctx: OperationContext = {}): Promise<ColorGradeResult> {
  if (!options.preset && !options.lutPath) throw invalidInput('Give a preset or a lutAssetId (or both)');
  const inputProbe = await probeInput(inputPath, ctx);
  if (!inputProbe.video) throw invalidInput('The input has no video stream to grade');
  const lutPath = options.lutPath ? await prepareCubeLut(options.lutPath, outDir) : null;
  const path = join(outDir, 'graded.mp4');
  const durationSeconds = durationOf(inputProbe);
  const audioCodec = inputProbe.audio?.codec ?? null;
  const audio = !inputProbe.audio
    ? ['-an']
    : ['-map', '0:a:0', ...(audioCodec && MP4_AUDIO.has(audioCodec) ? ['-c:a', 'copy'] : ['-c:a', 'aac', '-b:a', '192k'])];

  await runFfmpeg({
    inputs: [{ path: inputPath }],
    args: [
      '-filter_complex', colorGradeFilter({ ...options, lutPath }),
      '-map', '[v]',
      ...audio,
      '-c:v', 'libx264', '-preset', options.x264Preset ?? 'medium', '-profile:v', 'high', '-pix_fmt', 'yuv420p', '-crf', String(options.crf),
      '-sn', '-dn',
      '-movflags', '+faststart',
      path,
    ],
    durationSeconds,
    onProgress: ctx.onProgress,
    ...ffmpegRunOptions(ctx, outDir),
  });

  const probe = await probeOutput(path, ctx, 'graded video');
  expectVideo(probe, { codec: 'h264' }, 'graded video');
  expectSameSize(probe, inputProbe.video, 'graded video');
  if (inputProbe.audio) expectAudio(probe, {}, 'graded video');
  else expectNoAudio(probe, 'graded video');
  expectDuration(probe, durationSeconds, 'graded video');
  await expectFaststart(path, 'graded video');
  return { path, probe, inputProbe, durationSeconds: probe.durationSeconds };
}
