import { IF_NO_VIDEO_PROPERTY, mediaInputSchema, type IfNoVideo, type SourceInput, withDefaults } from '../common/source.schema.js';
import type { ThumbnailOptions } from './thumbnails.operation.js';

export type ThumbnailsInput = SourceInput & IfNoVideo & {
  count?: number;
  columns?: number;
  width?: number;
  posterAtSeconds?: number;
};

export const THUMBNAILS_DEFAULTS: ThumbnailOptions = { count: 10, columns: 5, width: 320, posterAtSeconds: null };

export const THUMBNAILS_INPUT_SCHEMA = mediaInputSchema({
  ...IF_NO_VIDEO_PROPERTY,
  count: { type: 'integer', minimum: 1, maximum: 100, default: THUMBNAILS_DEFAULTS.count, description: 'Evenly spaced frames to grab.' },
  columns: { type: 'integer', minimum: 1, maximum: 20, default: THUMBNAILS_DEFAULTS.columns, description: 'Frames per row of the sprite sheet.' },
  width: { type: 'integer', minimum: 32, maximum: 1280, default: THUMBNAILS_DEFAULTS.width, description: 'Width of each frame in pixels; the height keeps the aspect ratio.' },
  posterAtSeconds: {
    type: 'number',
    minimum: 0,
    description: 'Where to take the poster frame; by default the most representative frame near 10 % of the duration.',
  },
});

export const thumbnailOptions = (input: ThumbnailsInput): ThumbnailOptions => withDefaults(THUMBNAILS_DEFAULTS, input);
