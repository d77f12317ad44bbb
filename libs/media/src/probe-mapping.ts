import type { MediaProbe, MediaStream } from '@spool/contracts';

/** The parts of `ffprobe -print_format json -show_format -show_streams` this lib reads. */
export interface FfprobeOutput {
  format?: { format_name?: string; duration?: string; bit_rate?: string };
  streams?: FfprobeStream[];
}

interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  duration?: string;
  bit_rate?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  pix_fmt?: string;
  sample_rate?: string;
  channels?: number;
  channel_layout?: string;
  disposition?: { attached_pic?: number };
  tags?: Record<string, string>;
}

const STREAM_TYPES: ReadonlySet<string> = new Set(['video', 'audio', 'subtitle', 'data', 'attachment']);

export function mapProbe(out: FfprobeOutput): MediaProbe {
  const raw = out.streams ?? [];
  const streams = raw.map(mapStream);
  // Cover art in audio files is a one-picture "video" stream: not the video.
  const videoIndex = raw.findIndex((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  return {
    format: out.format?.format_name ?? 'unknown',
    durationSeconds: positiveNumber(out.format?.duration),
    bitRate: positiveNumber(out.format?.bit_rate),
    streams,
    video: videoIndex >= 0 ? streams[videoIndex] : null,
    audio: streams.find((s) => s.type === 'audio') ?? null,
  };
}

function mapStream(s: FfprobeStream, position: number): MediaStream {
  const type = (s.codec_type && STREAM_TYPES.has(s.codec_type) ? s.codec_type : 'unknown') as MediaStream['type'];
  const stream: MediaStream = {
    index: s.index ?? position,
    type,
    codec: s.codec_name ?? null,
    profile: s.profile ?? null,
    durationSeconds: positiveNumber(s.duration) ?? clockTag(s.tags),
    bitRate: positiveNumber(s.bit_rate),
  };
  if (type === 'video') {
    stream.width = s.width ?? 0;
    stream.height = s.height ?? 0;
    stream.fps = parseFrameRate(s.avg_frame_rate) ?? parseFrameRate(s.r_frame_rate);
    stream.pixelFormat = s.pix_fmt ?? null;
    // VP9 in WebM keeps alpha in a side track: yuv420p, flagged by the stream tag alpha_mode=1.
    stream.hasAlpha = pixelFormatHasAlpha(s.pix_fmt) || (s.tags?.alpha_mode ?? s.tags?.ALPHA_MODE) === '1';
  } else if (type === 'audio') {
    stream.sampleRate = positiveNumber(s.sample_rate) ?? 0;
    stream.channels = s.channels ?? 0;
    stream.channelLayout = s.channel_layout ?? null;
  }
  return stream;
}

/** "30000/1001" → 29.97, "25/1" → 25; "0/0", "N/A" → null. */
export function parseFrameRate(value: string | undefined): number | null {
  if (!value) return null;
  const [num, den = '1'] = value.split('/');
  const rate = Number(num) / Number(den);
  return Number.isFinite(rate) && rate > 0 ? Math.round(rate * 1000) / 1000 : null;
}

const ALPHA_FORMATS = /^(yuva|gbrap|ya(8|16)|rgba|bgra|argb|abgr|ayuv|vuya)/;

/** Whether an ffmpeg pixel format carries alpha (pal8's palette alpha is not counted). */
export function pixelFormatHasAlpha(pixFmt: string | undefined | null): boolean {
  return !!pixFmt && ALPHA_FORMATS.test(pixFmt);
}

function positiveNumber(value: string | number | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Matroska keeps stream durations in a "DURATION" tag ("00:00:01.001000000"). */
function clockTag(tags: Record<string, string> | undefined): number | null {
  const value = tags?.DURATION ?? tags?.duration;
  const m = value && /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}
