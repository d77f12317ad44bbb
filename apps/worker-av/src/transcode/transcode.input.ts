import { mediaInputSchema, type SourceInput } from '../common/source.schema.js';
import { AUDIO_CODECS, CONTAINERS, TRANSCODE_PRESET_NAMES, VIDEO_CODECS, type AudioCodec, type Container, type TranscodePreset, type VideoCodec } from './transcode.presets.js';

export type TranscodeInput = SourceInput & {
  preset?: TranscodePreset;
  videoCodec?: VideoCodec;
  container?: Container;
  height?: number;
  videoBitrateKbps?: number;
  crf?: number;
  audioCodec?: AudioCodec;
  audioBitrateKbps?: number;
};

export const TRANSCODE_INPUT_SCHEMA = mediaInputSchema(
  {
    preset: { type: 'string', enum: TRANSCODE_PRESET_NAMES, description: 'A render preset; explicit fields override its settings.' },
    videoCodec: { type: 'string', enum: [...VIDEO_CODECS], description: 'h264 (libx264), hevc (libx265), vp9 (libvpx-vp9), av1 (libsvtav1), prores (prores_ks HQ).' },
    container: { type: 'string', enum: [...CONTAINERS], description: "Default: the preset's, else mp4 (webm for vp9, mov for prores)." },
    height: { type: 'integer', minimum: 64, maximum: 4320, multipleOf: 2, description: "Output height; the width keeps the aspect ratio. Default: the preset's, else the input's." },
    videoBitrateKbps: { type: 'integer', minimum: 50, maximum: 200000, description: 'Average video bitrate; not with crf.' },
    crf: { type: 'integer', minimum: 0, maximum: 63, description: 'Constant quality (0–51 for h264/hevc, 0–63 for vp9/av1); not with videoBitrateKbps.' },
    audioCodec: { type: 'string', enum: [...AUDIO_CODECS], description: 'aac, opus, pcm (mov/mkv), copy (keep the input audio as is) or none.' },
    audioBitrateKbps: { type: 'integer', minimum: 16, maximum: 512, description: 'For aac and opus.' },
  },
  { not: { required: ['videoBitrateKbps', 'crf'] } },
);
