import type { MediaProbe } from '@spool/contracts';
import { runFfmpeg } from '@spool/media';
import { join } from 'node:path';
import { invalidInput } from '../common/errors.js';
import { expectFaststart } from '../common/faststart.js';
import { durationOf, ffmpegRunOptions, probeInput, type OperationContext } from '../common/operation.js';
import { expectAudio, expectDuration, expectFormat, expectNoAudio, expectSameSize, expectVideo, probeOutput } from '../common/verify.js';
import type { TranscodeInput } from './transcode.input.js';
import {
  CONTAINER_AUDIO,
  CONTAINER_COPY_AUDIO,
  CONTAINER_FILE,
  CONTAINER_VIDEO,
  DEFAULT_AUDIO,
  DEFAULT_AUDIO_BITRATE,
  DEFAULT_CONTAINER,
  DEFAULT_CRF,
  MAX_CRF,
  TRANSCODE_PRESETS,
  type TranscodeSettings,
} from './transcode.presets.js';

/** Encoder effort: jobs use `normal`; tests use `fastest`. */
export type EncoderSpeed = 'normal' | 'fastest';

export interface TranscodeResult {
  path: string;
  probe: MediaProbe;
  inputProbe: MediaProbe;
  settings: TranscodeSettings;
  extension: string;
  contentType: string;
  durationSeconds: number | null;
}

/**
 * The settings a transcode input asks for: the preset's (if any), explicit
 * fields over them, and what is left derived from the codec and container
 * (a derived value never conflicts; an explicit one may, and is refused).
 */
export function resolveTranscodeSettings(input: Omit<TranscodeInput, 'assetId' | 'url'>): TranscodeSettings {
  if (input.preset !== undefined && !(input.preset in TRANSCODE_PRESETS)) throw invalidInput(`Unknown preset ${input.preset}`);
  const preset: TranscodeSettings | null = input.preset ? TRANSCODE_PRESETS[input.preset] : null;
  if (input.crf !== undefined && input.videoBitrateKbps !== undefined) throw invalidInput('Give crf or videoBitrateKbps, not both');

  const videoCodec = input.videoCodec ?? preset?.videoCodec ?? 'h264';
  const container =
    input.container ?? (preset && CONTAINER_VIDEO[preset.container].includes(videoCodec) ? preset.container : DEFAULT_CONTAINER[videoCodec]);
  if (!CONTAINER_VIDEO[container].includes(videoCodec)) {
    throw invalidInput(`A ${container} file cannot hold ${videoCodec} video (it takes ${CONTAINER_VIDEO[container].join(', ')})`);
  }

  let crf: number | null;
  let videoBitrateKbps: number | null;
  if (input.crf !== undefined || input.videoBitrateKbps !== undefined) {
    crf = input.crf ?? null;
    videoBitrateKbps = input.videoBitrateKbps ?? null;
  } else if (preset && preset.videoCodec === videoCodec) {
    ({ crf, videoBitrateKbps } = preset);
  } else {
    crf = DEFAULT_CRF[videoCodec];
    videoBitrateKbps = null;
  }
  if (videoCodec === 'prores' && (crf !== null || videoBitrateKbps !== null)) {
    throw invalidInput('ProRes has no crf or bitrate setting (its HQ profile sets the quality)');
  }
  if (crf !== null && crf > MAX_CRF[videoCodec]) throw invalidInput(`crf for ${videoCodec} goes up to ${MAX_CRF[videoCodec]}`);

  // The preset's audio goes along unless the container had to change to fit the codec.
  const containerReplaced = preset !== null && input.container === undefined && container !== preset.container;
  const presetAudioFits =
    preset !== null && (preset.audioCodec === 'copy' || preset.audioCodec === 'none' || CONTAINER_AUDIO[container].includes(preset.audioCodec));
  const audioCodec = input.audioCodec ?? (preset && presetAudioFits && !containerReplaced ? preset.audioCodec : DEFAULT_AUDIO[container]);
  if (audioCodec !== 'copy' && audioCodec !== 'none' && !CONTAINER_AUDIO[container].includes(audioCodec)) {
    throw invalidInput(`A ${container} file cannot hold ${audioCodec} audio (it takes ${CONTAINER_AUDIO[container].join(', ')}, copy or none)`);
  }
  if (input.audioBitrateKbps !== undefined && audioCodec !== 'aac' && audioCodec !== 'opus') {
    throw invalidInput(`audioBitrateKbps applies to aac and opus, not ${audioCodec}`);
  }
  const audioBitrateKbps =
    input.audioBitrateKbps ?? (preset && preset.audioCodec === audioCodec ? preset.audioBitrateKbps : DEFAULT_AUDIO_BITRATE[audioCodec]);

  const height = input.height ?? preset?.height ?? null;
  return { videoCodec, container, height, crf, videoBitrateKbps, audioCodec, audioBitrateKbps };
}

function videoArgs(s: TranscodeSettings, speed: EncoderSpeed): string[] {
  const fastest = speed === 'fastest';
  const rate = (crfArgs: string[]) => (s.videoBitrateKbps !== null ? ['-b:v', `${s.videoBitrateKbps}k`] : crfArgs);
  switch (s.videoCodec) {
    case 'h264':
      return ['-c:v', 'libx264', '-preset', fastest ? 'ultrafast' : 'medium', '-profile:v', 'high', '-pix_fmt', 'yuv420p', ...rate(['-crf', String(s.crf)])];
    case 'hevc':
      return [
        '-c:v', 'libx265', '-preset', fastest ? 'ultrafast' : 'medium', '-pix_fmt', 'yuv420p', '-x265-params', 'log-level=error',
        ...(s.container === 'mp4' || s.container === 'mov' ? ['-tag:v', 'hvc1'] : []),
        ...rate(['-crf', String(s.crf)]),
      ];
    case 'vp9':
      return [
        '-c:v', 'libvpx-vp9', '-pix_fmt', 'yuv420p', '-row-mt', '1',
        ...(fastest ? ['-deadline', 'realtime', '-cpu-used', '8'] : ['-deadline', 'good', '-cpu-used', '2']),
        ...rate(['-crf', String(s.crf), '-b:v', '0']),
      ];
    case 'av1':
      return ['-c:v', 'libsvtav1', '-preset', fastest ? '12' : '8', '-pix_fmt', 'yuv420p', ...rate(['-crf', String(s.crf)])];
    case 'prores':
      return ['-c:v', 'prores_ks', '-profile:v', '3', '-pix_fmt', 'yuv422p10le', '-vendor', 'apl0'];
  }
}

function audioArgs(s: TranscodeSettings, inputProbe: MediaProbe): string[] {
  const source = inputProbe.audio;
  if (!source || s.audioCodec === 'none') return ['-an'];
  const map = ['-map', '0:a:0'];
  switch (s.audioCodec) {
    case 'aac':
      return [...map, '-c:a', 'aac', '-b:a', `${s.audioBitrateKbps}k`];
    case 'opus':
      // libopus refuses some layouts (e.g. "5.1(side)"): offer it the ones it maps.
      return [...map, '-af', 'aformat=channel_layouts=7.1|5.1|stereo|mono', '-c:a', 'libopus', '-b:a', `${s.audioBitrateKbps}k`];
    case 'pcm':
      return [...map, '-c:a', 'pcm_s16le'];
    case 'copy': {
      const allowed = CONTAINER_COPY_AUDIO[s.container];
      if (allowed && !allowed.includes(source.codec ?? '')) {
        throw invalidInput(`The input audio (${source.codec}) cannot be copied into ${s.container}: pick aac, opus or pcm`);
      }
      return [...map, '-c:a', 'copy'];
    }
  }
}

export function transcodeArgs(output: string, s: TranscodeSettings, inputProbe: MediaProbe, speed: EncoderSpeed = 'normal'): string[] {
  const size = s.height ? `scale=-2:${s.height}:flags=bicubic` : 'crop=trunc(iw/2)*2:trunc(ih/2)*2';
  return [
    '-map', '0:v:0',
    '-vf', size,
    ...videoArgs(s, speed),
    ...audioArgs(s, inputProbe),
    '-sn', '-dn',
    ...(s.container === 'mp4' || s.container === 'mov' ? ['-movflags', '+faststart'] : []),
    output,
  ];
}

/** Re-encodes a video to the codec, container, size and rate asked, and checks the result. */
export async function transcode(
  inputPath: string,
  outDir: string,
  settings: TranscodeSettings,
  ctx: OperationContext & { speed?: EncoderSpeed } = {},
): Promise<TranscodeResult> {
  const inputProbe = await probeInput(inputPath, ctx);
  if (!inputProbe.video) throw invalidInput('The input has no video stream to transcode');
  const { extension, contentType, formatName } = CONTAINER_FILE[settings.container];
  const path = join(outDir, `transcode.${extension}`);
  const durationSeconds = durationOf(inputProbe);

  await runFfmpeg({
    inputs: [{ path: inputPath }],
    args: transcodeArgs(path, settings, inputProbe, ctx.speed),
    durationSeconds,
    onProgress: ctx.onProgress,
    ...ffmpegRunOptions(ctx, outDir),
  });

  const probe = await probeOutput(path, ctx, 'transcode');
  expectFormat(probe, formatName, 'transcode');
  // Spool names video codecs as ffprobe does (h264, hevc, vp9, av1, prores).
  expectVideo(probe, { codec: settings.videoCodec, ...(settings.height ? { height: settings.height } : {}) }, 'transcode');
  if (!settings.height) expectSameSize(probe, inputProbe.video, 'transcode');
  if (!inputProbe.audio || settings.audioCodec === 'none') expectNoAudio(probe, 'transcode');
  else {
    const codec = { aac: 'aac', opus: 'opus', pcm: 'pcm_s16le', copy: inputProbe.audio.codec ?? undefined }[settings.audioCodec];
    expectAudio(probe, { codec }, 'transcode');
  }
  expectDuration(probe, durationSeconds, 'transcode');
  if (settings.container === 'mp4' || settings.container === 'mov') await expectFaststart(path, 'transcode');
  return { path, probe, inputProbe, settings, extension, contentType, durationSeconds: probe.durationSeconds };
}
