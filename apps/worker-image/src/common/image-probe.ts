import type { MediaProbe, MediaStream } from '@spool/contracts';
import sharp, { type Metadata } from 'sharp';
import { formatName } from './image-formats.js';

/**
 * A MediaProbe (the shape ffprobe results are stored in) for an image: one
 * "video" stream with the stored pixel dimensions (before any EXIF orientation),
 * no duration and no bit rate.
 */
export function imageProbe(meta: Metadata): MediaProbe {
  const format = formatName(meta);
  const stream: MediaStream = {
    index: 0,
    type: 'video',
    codec: format,
    profile: null,
    durationSeconds: null,
    bitRate: null,
    width: meta.width,
    height: meta.height,
    hasAlpha: meta.hasAlpha,
    pixelFormat: `${meta.space}/${meta.channels}`,
  };
  return { format, durationSeconds: null, bitRate: null, streams: [stream], video: stream, audio: null };
}
