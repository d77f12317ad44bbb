import { SOURCE_ONE_OF, SOURCE_PROPERTIES, type SourceRef } from '@spool/asset-io';
import { OUTPUT_FORMATS, type OutputFormat } from '../common/image-formats.js';
import { FITS, MAX_RESIZE_SIDE, POSITION_NAMES, type Fit, type Position, type Region } from '../common/image-geometry.js';

export interface ImageResizeOptions {
  width?: number;
  height?: number;
  /** Default cover. */
  fit?: Fit;
  /** Default centre. entropy and attention only with fit cover. */
  position?: Position;
  /** Default false. */
  withoutEnlargement?: boolean;
  /** Padding colour for fit contain, `#rrggbb` or `#rrggbbaa`; default the top-level background, else opaque black. */
  background?: string;
}

/** What `image.process` does to the image (its input minus the source). */
export interface ImageProcessOptions {
  resize?: ImageResizeOptions;
  /** Cut out before resizing, in the coordinates of the oriented, mirrored and rotated image. */
  crop?: Region;
  /** Degrees clockwise; any angle. Default 0. */
  rotate?: number;
  /** Fill for non-right-angle rotation (default opaque black) and, for jpeg output, behind transparency (default white). */
  background?: string;
  /** Apply the EXIF orientation first. Default true. */
  autoOrient?: boolean;
  /** Mirror top-bottom. Default false. */
  flip?: boolean;
  /** Mirror left-right. Default false. */
  flop?: boolean;
  /** Default: jpeg for jpeg input, png for png input, webp otherwise. */
  format?: OutputFormat;
  /** 1–100. Default per format: jpeg 82, webp 80, avif 50; png lossless unless given (then palette-quantised). */
  quality?: number;
  /** Default true; false keeps EXIF, ICC, XMP and IPTC. */
  stripMetadata?: boolean;
}

export interface ImageProcessInput extends SourceRef, ImageProcessOptions {}

export const IMAGE_PROCESS_DEFAULTS = {
  fit: 'cover',
  position: 'centre',
  withoutEnlargement: false,
  rotate: 0,
  autoOrient: true,
  flip: false,
  flop: false,
  stripMetadata: true,
} as const;

export const HEX_COLOUR = { type: 'string', pattern: '^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$' } as const;

const side = { type: 'integer', minimum: 1, maximum: MAX_RESIZE_SIDE } as const;

export const IMAGE_PROCESS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  oneOf: SOURCE_ONE_OF,
  properties: {
    ...SOURCE_PROPERTIES,
    resize: {
      type: 'object',
      additionalProperties: false,
      anyOf: [{ required: ['width'] }, { required: ['height'] }],
      properties: {
        width: side,
        height: side,
        fit: { enum: FITS, default: IMAGE_PROCESS_DEFAULTS.fit },
        position: { enum: POSITION_NAMES, default: IMAGE_PROCESS_DEFAULTS.position },
        withoutEnlargement: { type: 'boolean', default: IMAGE_PROCESS_DEFAULTS.withoutEnlargement },
        background: { ...HEX_COLOUR, description: 'Padding colour for fit contain.' },
      },
    },
    crop: {
      type: 'object',
      additionalProperties: false,
      required: ['left', 'top', 'width', 'height'],
      description: 'Applied before resize, in the oriented, mirrored and rotated image.',
      properties: {
        left: { type: 'integer', minimum: 0, maximum: 100_000 },
        top: { type: 'integer', minimum: 0, maximum: 100_000 },
        width: { type: 'integer', minimum: 1, maximum: 100_000 },
        height: { type: 'integer', minimum: 1, maximum: 100_000 },
      },
    },
    rotate: { type: 'number', minimum: -360, maximum: 360, default: IMAGE_PROCESS_DEFAULTS.rotate, description: 'Degrees clockwise.' },
    background: { ...HEX_COLOUR, description: 'Fill for non-right-angle rotation; backdrop of transparency for jpeg output.' },
    autoOrient: { type: 'boolean', default: IMAGE_PROCESS_DEFAULTS.autoOrient },
    flip: { type: 'boolean', default: IMAGE_PROCESS_DEFAULTS.flip },
    flop: { type: 'boolean', default: IMAGE_PROCESS_DEFAULTS.flop },
    format: { enum: OUTPUT_FORMATS },
    quality: { type: 'integer', minimum: 1, maximum: 100 },
    stripMetadata: { type: 'boolean', default: IMAGE_PROCESS_DEFAULTS.stripMetadata },
  },
} as const;
