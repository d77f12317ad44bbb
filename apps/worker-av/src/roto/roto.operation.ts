import type { MediaProbe } from '@spool/contracts';
import { runFfmpeg } from '@spool/media';
import { join } from 'node:path';
import { invalidInput } from '../common/errors.js';
import { ffmpegColor, num } from '../common/filters.js';
import { durationOf, ffmpegRunOptions, probeInput, type OperationContext } from '../common/operation.js';
import { expectAudio, expectDuration, expectVideo, probeOutput } from '../common/verify.js';

export type RotoFormat = 'prores4444' | 'webm';

export interface RotoOptions {
  keyColor: string;
  similarity: number;
  blend: number;
  format: RotoFormat;
  /** libvpx-vp9 -cpu-used (speed); jobs use 4, tests may go faster. */
  vp9CpuUsed?: number;
}

export interface RotoResult {
  path: string;
  probe: MediaProbe;
  inputProbe: MediaProbe;
  format: RotoFormat;
  contentType: string;
  extension: string;
  durationSeconds: number | null;
}

export const ROTO_FORMATS: Record<RotoFormat, { extension: string; contentType: string }> = {
  prores4444: { extension: 'mov', contentType: 'video/quicktime' },
  webm: { extension: 'webm', contentType: 'video/webm' },
};

export function rotoArgs(output: string, options: RotoOptions, inputProbe: MediaProbe): string[] {
  const key = `chromakey=color=${ffmpegColor(options.keyColor)}:similarity=${num(options.similarity)}:blend=${num(options.blend)}`;
  if (options.format === 'prores4444') {
    return [
      '-map', '0:v:0',
      '-vf', `format=yuva444p,${key},format=yuva444p10le`,
      '-c:v', 'prores_ks', '-profile:v', '4444', '-pix_fmt', 'yuva444p10le', '-alpha_bits', '16', '-vendor', 'apl0',
      ...(inputProbe.audio ? ['-map', '0:a:0', '-c:a', 'pcm_s16le'] : ['-an']),
      '-sn', '-dn',
      output,
    ];
  }
  return [
    '-map', '0:v:0',
    // 4:2:0 needs even dimensions.
    '-vf', `crop=trunc(iw/2)*2:trunc(ih/2)*2,format=yuva420p,${key},format=yuva420p`,
    '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuva420p', '-auto-alt-ref', '0',
    '-crf', '30', '-b:v', '0', '-deadline', 'good', '-cpu-used', String(options.vp9CpuUsed ?? 4), '-row-mt', '1',
    ...(inputProbe.audio ? ['-map', '0:a:0', '-c:a', 'libopus', '-b:a', '128k'] : ['-an']),
    '-sn', '-dn',
    output,
  ];
}

/**
 * A chroma-key matte: pixels close to `keyColor` become transparent, in a
 * format that keeps the alpha channel (ProRes 4444 or VP9 WebM).
 */
export async function makeRoto(inputPath: string, outDir: string, options: RotoOptions, ctx: OperationContext = {}): Promise<RotoResult> {
  const inputProbe = await probeInput(inputPath, ctx);
  if (!inputProbe.video) throw invalidInput('The input has no video stream to key');
  const { extension, contentType } = ROTO_FORMATS[options.format];
  const path = join(outDir, `matte.${extension}`);
  const durationSeconds = durationOf(inputProbe);

  await runFfmpeg({
    inputs: [{ path: inputPath }],
    args: rotoArgs(path, options, inputProbe),
    durationSeconds,
    onProgress: ctx.onProgress,
    ...ffmpegRunOptions(ctx, outDir),
  });

  const probe = await probeOutput(path, ctx, 'matte');
  if (options.format === 'prores4444') {
    expectVideo(probe, { codec: 'prores', hasAlpha: true }, 'matte');
  } else {
    expectVideo(probe, { codec: 'vp9', hasAlpha: true }, 'matte');
  }
  if (inputProbe.audio) expectAudio(probe, {}, 'matte');
  expectDuration(probe, durationSeconds, 'matte');
  return { path, probe, inputProbe, format: options.format, contentType, extension, durationSeconds: probe.durationSeconds };
}
