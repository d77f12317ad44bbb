import { AudioCleanProcessor } from './audio-clean/audio-clean.processor.js';
import { ColorGradeProcessor } from './color-grade/color-grade.processor.js';
import { ProbeProcessor } from './probe/probe.processor.js';
import { ProxyProcessor } from './proxy/proxy.processor.js';
import { RotoProcessor } from './roto/roto.processor.js';
import { ThumbnailsProcessor } from './thumbnails/thumbnails.processor.js';
import { TranscodeProcessor } from './transcode/transcode.processor.js';

/** The ffmpeg job types worker-av serves. */
export const AV_PROCESSORS = [
  ProbeProcessor,
  ProxyProcessor,
  ThumbnailsProcessor,
  ColorGradeProcessor,
  RotoProcessor,
  AudioCleanProcessor,
  TranscodeProcessor,
];
