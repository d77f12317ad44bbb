import type { MediaProbe } from '@spool/contracts';
import { runFfmpeg } from '@spool/media';
import { join } from 'node:path';
import { invalidInput } from '../common/errors.js';
import { expectFaststart } from '../common/faststart.js';
import { durationOf, ffmpegRunOptions, probeInput, type OperationContext } from '../common/operation.js';
import { expectAudio, expectDuration, expectNoAudio, expectVideo, probeOutput } from '../common/verify.js';

export interface ProxyOptions {
  height: number;
  keyframeIntervalSeconds: number;
  crf: number;
  /** x264 preset; jobs use veryfast, tests may go faster. */
  x264Preset?: string;
}

export interface ProxyResult {
  path: string;
  probe: MediaProbe;
  inputProbe: MediaProbe;
  width: number;
  height: number;
  durationSeconds: number | null;
  hasAudio: boolean;
  /** Frames between keyframes. */
  gop: number;
}

/** Frames per keyframe interval; 30 fps is assumed when the probe has no usable rate. */
export function gopFrames(fps: number | null | undefined, seconds: number): number {
  const rate = fps && Number.isFinite(fps) && fps > 0 && fps < 1000 ? fps : 30;
  return Math.max(1, Math.round(rate * seconds));
}

export function proxyArgs(output: string, options: ProxyOptions, inputProbe: MediaProbe): string[] {
  const gop = String(gopFrames(inputProbe.video?.fps, options.keyframeIntervalSeconds));
  const audio = inputProbe.audio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : ['-an'];
  return [
    '-map', '0:v:0',
    '-vf', `scale=-2:${options.height}:flags=bicubic,format=yuv420p`,
    '-c:v', 'libx264', '-preset', options.x264Preset ?? 'veryfast', '-profile:v', 'high', '-pix_fmt', 'yuv420p',
    '-crf', String(options.crf),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    ...audio,
    '-sn', '-dn',
    '-movflags', '+faststart',
    output,
  ];
}

/**
 * A browser-friendly H.264/AAC MP4 at a fixed height with a fixed keyframe
 * interval and the moov atom up front, checked after it is made.
 */
export async function makeProxy(inputPath: string, outDir: string, options: ProxyOptions, ctx: OperationContext = {}): Promise<ProxyResult> {
  const inputProbe = await probeInput(inputPath, ctx);
  if (!inputProbe.video) throw invalidInput('The input has no video stream to make a proxy of');
  const path = join(outDir, 'proxy.mp4');
  const durationSeconds = durationOf(inputProbe);

  await runFfmpeg({
    inputs: [{ path: inputPath }],
    args: proxyArgs(path, options, inputProbe),
    durationSeconds,
    onProgress: ctx.onProgress,
    ...ffmpegRunOptions(ctx, outDir),
  });

  const probe = await probeOutput(path, ctx, 'proxy');
  const video = expectVideo(probe, { codec: 'h264', height: options.height }, 'proxy');
  if (inputProbe.audio) expectAudio(probe, { codec: 'aac' }, 'proxy');
  else expectNoAudio(probe, 'proxy');
  expectDuration(probe, durationSeconds, 'proxy');
  await expectFaststart(path, 'proxy');

  return {
    path,
    probe,
    inputProbe,
    width: video.width ?? 0,
    height: video.height ?? options.height,
    durationSeconds: probe.durationSeconds,
    hasAudio: Boolean(probe.audio),
    gop: gopFrames(inputProbe.video.fps, options.keyframeIntervalSeconds),
  };
}
