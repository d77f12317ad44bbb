export const VIDEO_CODECS = ['h264', 'hevc', 'vp9', 'av1', 'prores'] as const;
export const CONTAINERS = ['mp4', 'mov', 'webm', 'mkv'] as const;
export const AUDIO_CODECS = ['aac', 'opus', 'pcm', 'copy', 'none'] as const;

export type VideoCodec = (typeof VIDEO_CODECS)[number];
export type Container = (typeof CONTAINERS)[number];
export type AudioCodec = (typeof AUDIO_CODECS)[number];

/** A complete description of an output; presets fill it, explicit input fields override. */
export interface TranscodeSettings {
  videoCodec: VideoCodec;
  container: Container;
  /** null: the input's height. */
  height: number | null;
  /** Exactly one of crf and videoBitrateKbps is set, except for ProRes (neither: its profile sets the rate). */
  crf: number | null;
  videoBitrateKbps: number | null;
  audioCodec: AudioCodec;
  audioBitrateKbps: number;
}

export const TRANSCODE_PRESETS = {
  h264_1080p: { videoCodec: 'h264', container: 'mp4', height: 1080, crf: 20, videoBitrateKbps: null, audioCodec: 'aac', audioBitrateKbps: 160 },
  h264_720p: { videoCodec: 'h264', container: 'mp4', height: 720, crf: 22, videoBitrateKbps: null, audioCodec: 'aac', audioBitrateKbps: 128 },
  h264_480p: { videoCodec: 'h264', container: 'mp4', height: 480, crf: 23, videoBitrateKbps: null, audioCodec: 'aac', audioBitrateKbps: 96 },
  hevc_1080p: { videoCodec: 'hevc', container: 'mp4', height: 1080, crf: 24, videoBitrateKbps: null, audioCodec: 'aac', audioBitrateKbps: 160 },
  vp9_720p: { videoCodec: 'vp9', container: 'webm', height: 720, crf: 33, videoBitrateKbps: null, audioCodec: 'opus', audioBitrateKbps: 96 },
  vp9_1080p: { videoCodec: 'vp9', container: 'webm', height: 1080, crf: 31, videoBitrateKbps: null, audioCodec: 'opus', audioBitrateKbps: 128 },
  av1_720p: { videoCodec: 'av1', container: 'mp4', height: 720, crf: 35, videoBitrateKbps: null, audioCodec: 'aac', audioBitrateKbps: 128 },
  prores_hq: { videoCodec: 'prores', container: 'mov', height: null, crf: null, videoBitrateKbps: null, audioCodec: 'pcm', audioBitrateKbps: 0 },
} as const satisfies Record<string, TranscodeSettings>;

export type TranscodePreset = keyof typeof TRANSCODE_PRESETS;
export const TRANSCODE_PRESET_NAMES = Object.keys(TRANSCODE_PRESETS) as TranscodePreset[];

/** What each container can hold. */
export const CONTAINER_VIDEO: Record<Container, readonly VideoCodec[]> = {
  mp4: ['h264', 'hevc', 'vp9', 'av1'],
  mov: ['h264', 'hevc', 'prores'],
  webm: ['vp9', 'av1'],
  mkv: ['h264', 'hevc', 'vp9', 'av1', 'prores'],
};
export const CONTAINER_AUDIO: Record<Container, readonly AudioCodec[]> = {
  mp4: ['aac', 'opus'],
  mov: ['aac', 'pcm'],
  webm: ['opus'],
  mkv: ['aac', 'opus', 'pcm'],
};
/** Source audio codecs (ffprobe names) a container takes as they are with audioCodec "copy"; mkv takes anything. */
export const CONTAINER_COPY_AUDIO: Record<Container, readonly string[] | null> = {
  mp4: ['aac', 'mp3', 'ac3', 'eac3', 'alac', 'opus'],
  mov: ['aac', 'mp3', 'ac3', 'eac3', 'alac', 'pcm_s16le', 'pcm_s24le', 'pcm_s32le', 'pcm_f32le', 'pcm_s16be', 'pcm_s24be'],
  webm: ['opus', 'vorbis'],
  mkv: null,
};

export const DEFAULT_CONTAINER: Record<VideoCodec, Container> = { h264: 'mp4', hevc: 'mp4', vp9: 'webm', av1: 'mp4', prores: 'mov' };
export const DEFAULT_AUDIO: Record<Container, AudioCodec> = { mp4: 'aac', mov: 'aac', webm: 'opus', mkv: 'opus' };
export const DEFAULT_CRF: Record<VideoCodec, number | null> = { h264: 23, hevc: 28, vp9: 32, av1: 35, prores: null };
export const MAX_CRF: Record<VideoCodec, number> = { h264: 51, hevc: 51, vp9: 63, av1: 63, prores: 0 };
export const DEFAULT_AUDIO_BITRATE: Record<AudioCodec, number> = { aac: 128, opus: 96, pcm: 0, copy: 0, none: 0 };


export const CONTAINER_FILE: Record<Container, { extension: string; contentType: string; formatName: string }> = {
  mp4: { extension: 'mp4', contentType: 'video/mp4', formatName: 'mp4' },
  mov: { extension: 'mov', contentType: 'video/quicktime', formatName: 'mov' },
  webm: { extension: 'webm', contentType: 'video/webm', formatName: 'webm' },
  mkv: { extension: 'mkv', contentType: 'video/x-matroska', formatName: 'matroska' },
};
