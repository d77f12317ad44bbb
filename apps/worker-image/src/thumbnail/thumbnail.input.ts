import { SOURCE_ONE_OF, SOURCE_PROPERTIES, type SourceRef } from '@spool/asset-io';
import { OUTPUT_FORMATS, type OutputFormat } from '../common/image-formats.js';
import { FITS, type Fit } from '../common/image-geometry.js';

/** Largest thumbnail side. */
export const MAX_THUMBNAIL_SIDE = 4096;

export interface ThumbnailOptions {
  /** Default 320. */
  width?: number;
  /** Optional: with it and no `fit`, the thumbnail is cropped to exactly width × height. */
  height?: number;
  /** Default inside (no crop), or cover when both width and height are given. */
  fit?: Fit;
  /** Default webp. */
  format?: OutputFormat;
  /** 1–100. Default 75 (png: lossless unless given). */
  quality?: number;
  /** Never upscale a smaller image. Default true. */
  withoutEnlargement?: boolean;
}

export interface ThumbnailInput extends SourceRef, ThumbnailOptions {}

export const THUMBNAIL_DEFAULTS = {
  width: 320,
  fitOneSide: 'inside',
  fitBothSides: 'cover',
  format: 'webp',
  quality: 75,
  withoutEnlargement: true,
} as const;

const side = { type: 'integer', minimum: 1, maximum: MAX_THUMBNAIL_SIDE } as const;

export const THUMBNAIL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  oneOf: SOURCE_ONE_OF,
  properties: {
    ...SOURCE_PROPERTIES,
    width: { ...side, default: THUMBNAIL_DEFAULTS.width },
    height: side,
    fit: { enum: FITS, description: 'Default inside; cover when both width and height are given.' },
    format: { enum: OUTPUT_FORMATS, default: THUMBNAIL_DEFAULTS.format },
    quality: { type: 'integer', minimum: 1, maximum: 100, default: THUMBNAIL_DEFAULTS.quality },
    withoutEnlargement: { type: 'boolean', default: THUMBNAIL_DEFAULTS.withoutEnlargement },
  },
} as const;
