import { mediaInputSchema, type SourceInput } from '../common/source.schema.js';
import { COLOR_PRESET_NAMES, type ColorPreset } from './color-grade.presets.js';

export type ColorGradeInput = SourceInput & {
  preset?: ColorPreset;
  lutAssetId?: string;
  strength?: number;
  crf?: number;
};

export const COLOR_GRADE_DEFAULTS = { strength: 1, crf: 20 } as const;

export const COLOR_GRADE_INPUT_SCHEMA = mediaInputSchema(
  {
    preset: { type: 'string', enum: COLOR_PRESET_NAMES, description: 'A named look.' },
    lutAssetId: { type: 'string', format: 'uuid', description: 'An asset of yours holding a .cube 3D LUT, applied before the preset.' },
    strength: { type: 'number', minimum: 0, maximum: 1, default: COLOR_GRADE_DEFAULTS.strength, description: 'Mix of graded (1) and original (0).' },
    crf: { type: 'integer', minimum: 0, maximum: 51, default: COLOR_GRADE_DEFAULTS.crf, description: 'x264 constant rate factor of the output.' },
  },
  { anyOf: [{ required: ['preset'] }, { required: ['lutAssetId'] }] },
);
