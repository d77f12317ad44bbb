import { mediaInputSchema, type SourceInput, withDefaults } from '../common/source.schema.js';
import type { AudioCleanOptions, AudioFormat } from './audio-clean.operation.js';

export type AudioCleanInput = SourceInput & {
  highpassHz?: number;
  lowpassHz?: number;
  noiseReductionDb?: number;
  noiseFloorDb?: number;
  targetLufs?: number;
  truePeakDb?: number;
  lra?: number;
  format?: AudioFormat;
};

export const AUDIO_CLEAN_DEFAULTS: AudioCleanOptions = {
  highpassHz: 80,
  lowpassHz: 12000,
  noiseReductionDb: 12,
  noiseFloorDb: -50,
  targetLufs: -16,
  truePeakDb: -1.5,
  lra: 11,
  format: 'm4a',
};

export const AUDIO_CLEAN_INPUT_SCHEMA = mediaInputSchema({
  highpassHz: { type: 'number', minimum: 0, maximum: 1000, default: AUDIO_CLEAN_DEFAULTS.highpassHz, description: 'Cuts rumble below this frequency; 0 turns it off.' },
  lowpassHz: {
    type: 'number',
    minimum: 1000,
    maximum: 24000,
    default: AUDIO_CLEAN_DEFAULTS.lowpassHz,
    description: 'Cuts hiss above this frequency (ignored when at or above 45 % of the sample rate).',
  },
  noiseReductionDb: { type: 'number', minimum: 0, maximum: 97, default: AUDIO_CLEAN_DEFAULTS.noiseReductionDb, description: 'afftdn noise reduction; 0 turns it off.' },
  noiseFloorDb: { type: 'number', minimum: -80, maximum: -20, default: AUDIO_CLEAN_DEFAULTS.noiseFloorDb, description: 'afftdn noise floor.' },
  targetLufs: { type: 'number', minimum: -70, maximum: -5, default: AUDIO_CLEAN_DEFAULTS.targetLufs, description: 'Integrated loudness to normalize to (EBU R128).' },
  truePeakDb: { type: 'number', minimum: -9, maximum: 0, default: AUDIO_CLEAN_DEFAULTS.truePeakDb, description: 'Maximum true peak, dBTP.' },
  lra: { type: 'number', minimum: 1, maximum: 50, default: AUDIO_CLEAN_DEFAULTS.lra, description: 'Loudness range target, LU.' },
  format: { type: 'string', enum: ['wav', 'flac', 'm4a', 'mp3'], default: AUDIO_CLEAN_DEFAULTS.format, description: 'wav (24-bit PCM), flac, m4a (AAC 192k) or mp3 (192k).' },
});

export const audioCleanOptions = (input: AudioCleanInput): AudioCleanOptions => withDefaults(AUDIO_CLEAN_DEFAULTS, input);
