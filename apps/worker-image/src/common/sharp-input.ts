import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { sharpFailure, undecodable } from './image-errors.js';
import { formatName } from './image-formats.js';

// Workspaces are deleted after every job: libvips' file cache would keep the
// deleted inputs open (and their disk space in use), and a worker never reads
// the same file twice. Nothing else in this process uses sharp.
sharp.cache(false);

/** Largest input, in pixels (width × height), a job may decode: about 100 megapixels. */
export const MAX_INPUT_PIXELS = 100_000_000;

/** Largest output, in pixels, a job may produce (and largest canvas a non-right-angle rotation may create). */
export const MAX_OUTPUT_PIXELS = 100_000_000;

/**
 * Input formats the image jobs decode (names as Spool reports them). SVG, PDF
 * and the ImageMagick/OpenSlide loaders are refused: they render documents or
 * reach for other files rather than decode pixels; HEIC (HEVC) has no decoder
 * in sharp's prebuilt libvips.
 */
export const INPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif', 'gif', 'tiff'] as const;

/** sharp options for untrusted input: pixel limit, fail on decode errors, sequential read. */
export const sharpInputOptions = (autoOrient: boolean): SharpOptions => ({
  failOn: 'error',
  limitInputPixels: MAX_INPUT_PIXELS,
  sequentialRead: true,
  autoOrient,
});

/** Reads an input's header and refuses what the jobs will not decode (unknown or refused format, too many pixels). */
export async function readInputMetadata(path: string): Promise<Metadata> {
  let meta: Metadata;
  try {
    meta = await sharp(path, sharpInputOptions(false)).metadata();
  } catch (err) {
    throw sharpFailure(err, 'metadata');
  }
  const format = formatName(meta);
  if (!(INPUT_FORMATS as readonly string[]).includes(format)) {
    throw undecodable(`Unsupported image format "${format}": expected one of ${INPUT_FORMATS.join(', ')}`);
  }
  if (!meta.width || !meta.height) throw undecodable('The image has no dimensions');
  if (meta.width * meta.height > MAX_INPUT_PIXELS) {
    throw sharpFailure(new Error(`Input image exceeds pixel limit (${meta.width}x${meta.height} > ${MAX_INPUT_PIXELS} pixels)`), 'metadata');
  }
  return meta;
}
