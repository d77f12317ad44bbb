import { mediaInputSchema, type SourceInput, withDefaults } from '../common/source.schema.js';
import type { RotoOptions } from './roto.operation.js';

export type RotoInput = SourceInput & {
  keyColor?: string;
  similarity?: number;
  blend?: number;
  format?: RotoOptions['format'];
};

export const ROTO_DEFAULTS: RotoOptions = { keyColor: '#00ff00', similarity: 0.3, blend: 0.1, format: 'prores4444' };

export const ROTO_INPUT_SCHEMA = mediaInputSchema({
  keyColor: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', default: ROTO_DEFAULTS.keyColor, description: 'The screen color to key out.' },
  similarity: { type: 'number', minimum: 0.01, maximum: 1, default: ROTO_DEFAULTS.similarity, description: 'How far from keyColor a pixel may be and still be keyed.' },
  blend: { type: 'number', minimum: 0, maximum: 1, default: ROTO_DEFAULTS.blend, description: 'Softness of the matte edge.' },
  format: {
    type: 'string',
    enum: ['prores4444', 'webm'],
    default: ROTO_DEFAULTS.format,
    description: 'prores4444: ProRes 4444 .mov with 10-bit alpha, for editors; webm: VP9 with alpha, for browsers.',
  },
});

export const rotoOptions = (input: RotoInput): RotoOptions => withDefaults(ROTO_DEFAULTS, input);
