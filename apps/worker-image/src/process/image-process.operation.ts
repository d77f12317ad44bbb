import { AttemptErrorCode, type MediaProbe } from '@spool/contracts';
import { NonRetryableError } from '@spool/worker-runtime';
import { join, resolve } from 'node:path';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { invalidInput, sharpFailure, untilAborted } from '../common/image-errors.js';
import { defaultOutputFormat, encode, formatName, OUTPUT_FORMAT_INFO, type OutputFormat } from '../common/image-formats.js';
import {
  mirrorRegion,
  plannedSize,
  regionFits,
  rotatedSize,
  sizeMismatch,
  STRATEGIES,
  type Region,
  type ResizeBox,
  type Size,
} from '../common/image-geometry.js';
import { imageProbe } from '../common/image-probe.js';
import { MAX_OUTPUT_PIXELS, readInputMetadata, sharpInputOptions } from '../common/sharp-input.js';
import { IMAGE_PROCESS_DEFAULTS, type ImageProcessOptions } from './image-process.input.js';

export interface ImageOutputInfo {
  format: OutputFormat;
  contentType: string;
  extension: string;
  width: number;
  height: number;
  size: number;
  channels: number;
  hasAlpha: boolean;
}

export interface ImageResult {
  /** The output file, in `outDir`. */
  path: string;
  /** The output as read back by sharp. */
  probe: MediaProbe;
  /** The input, from the header read before processing. */
  inputProbe: MediaProbe;
  info: ImageOutputInfo;
}

export interface ImageRunOptions {
  signal?: AbortSignal;
  /** Output file name without extension; default "processed". */
  basename?: string;
  /**
   * sharp's own time limit on the pipeline. An aborted signal settles the
   * promise at once but cannot stop libvips; this kills it eventually.
   */
  timeoutSeconds?: number;
}

const JPEG_BACKDROP = '#ffffff';

/**
 * Runs one sharp pipeline over `inputPath` and writes the result to
 * `outDir/<basename>.<ext>`. The steps, in order:
 *
 *   EXIF orientation → flip/flop → rotate → crop → resize → encode
 *
 * Before anything runs the input's header is read (unknown formats, too many
 * pixels and crops outside the image are refused); afterwards the output is
 * read back and its format and size checked against what was asked.
 */
export async function processImage(inputPath: string, outDir: string, options: ImageProcessOptions, run: ImageRunOptions = {}): Promise<ImageResult> {
  const { signal, basename = 'processed', timeoutSeconds } = run;
  signal?.throwIfAborted();
  const meta = await readInputMetadata(inputPath);
  signal?.throwIfAborted();

  const autoOrient = options.autoOrient ?? IMAGE_PROCESS_DEFAULTS.autoOrient;
  const flip = options.flip ?? IMAGE_PROCESS_DEFAULTS.flip;
  const flop = options.flop ?? IMAGE_PROCESS_DEFAULTS.flop;
  const angle = options.rotate ?? IMAGE_PROCESS_DEFAULTS.rotate;
  const rotates = angle % 360 !== 0;
  const format = options.format ?? defaultOutputFormat(formatName(meta));
  const formatInfo = OUTPUT_FORMAT_INFO[format];
  const quality = options.quality ?? formatInfo.defaultQuality;
  const stripMetadata = options.stripMetadata ?? IMAGE_PROCESS_DEFAULTS.stripMetadata;

  // The geometry, step by step, to refuse impossible or oversized requests before decoding.
  const oriented: Size = autoOrient ? { width: meta.autoOrient.width, height: meta.autoOrient.height } : { width: meta.width, height: meta.height };
  const rotated = rotatedSize(oriented, rotates ? angle : 0);
  if (!rotated.exact && rotated.size.width * rotated.size.height > MAX_OUTPUT_PIXELS) {
    throw invalidInput(`Rotating by ${angle}° would make a ${rotated.size.width}x${rotated.size.height} canvas, more than ${MAX_OUTPUT_PIXELS} pixels`);
  }
  let crop: Region | undefined = options.crop;
  if (crop && rotated.exact && !regionFits(crop, rotated.size)) {
    throw invalidInput(
      `The crop region ${crop.width}x${crop.height}+${crop.left}+${crop.top} lies outside the ${rotated.size.width}x${rotated.size.height} image`,
    );
  }
  // sharp mirrors after cropping unless it also rotates: crop the mirror image of the region instead.
  if (crop && !rotates && (flip || flop)) crop = mirrorRegion(crop, rotated.size, flip, flop);
  const source: Size = crop ? { width: crop.width, height: crop.height } : rotated.size;
  const sourceExact = crop !== undefined || rotated.exact;

  const resize = options.resize;
  const box: ResizeBox | undefined = resize && {
    width: resize.width,
    height: resize.height,
    fit: resize.fit ?? IMAGE_PROCESS_DEFAULTS.fit,
    withoutEnlargement: resize.withoutEnlargement ?? IMAGE_PROCESS_DEFAULTS.withoutEnlargement,
  };
  const position = resize?.position ?? IMAGE_PROCESS_DEFAULTS.position;
  if (box && (STRATEGIES as readonly string[]).includes(position) && box.fit !== 'cover') {
    throw invalidInput(`position "${position}" works only with fit cover`);
  }
  const planned = plannedSize(source, box);
  if (planned.width > formatInfo.maxSide || planned.height > formatInfo.maxSide || planned.width * planned.height > MAX_OUTPUT_PIXELS) {
    throw invalidInput(
      `The output would be about ${planned.width}x${planned.height}: ${format} allows at most ${formatInfo.maxSide} pixels a side, and at most ${MAX_OUTPUT_PIXELS} pixels in all`,
    );
  }

  let pipeline: Sharp;
  try {
    pipeline = sharp(inputPath, sharpInputOptions(autoOrient));
    if (flip) pipeline = pipeline.flip();
    if (flop) pipeline = pipeline.flop();
    if (rotates) pipeline = pipeline.rotate(angle, { background: options.background ?? '#000000' });
    if (crop) pipeline = pipeline.extract(crop);
    if (box) {
      pipeline = pipeline.resize({
        width: box.width,
        height: box.height,
        fit: box.fit,
        position,
        withoutEnlargement: box.withoutEnlargement,
        background: resize?.background ?? options.background ?? '#000000',
      });
    }
    if (format === 'jpeg' && meta.hasAlpha) pipeline = pipeline.flatten({ background: options.background ?? JPEG_BACKDROP });
    if (!stripMetadata) pipeline = pipeline.keepMetadata();
    pipeline = encode(pipeline, format, quality);
    if (timeoutSeconds) pipeline = pipeline.timeout({ seconds: Math.ceil(timeoutSeconds) });
  } catch (err) {
    throw sharpFailure(err, 'pipeline');
  }

  let path = join(outDir, `${basename}.${formatInfo.extension}`);
  if (resolve(path) === resolve(inputPath)) path = join(outDir, `${basename}-out.${formatInfo.extension}`);
  let written: OutputInfo;
  try {
    written = await untilAborted(pipeline.toFile(path), signal);
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    throw sharpFailure(err, 'pipeline');
  }
  signal?.throwIfAborted();

  let out: Metadata;
  try {
    out = await sharp(path).metadata();
  } catch (err) {
    throw new NonRetryableError(`The output could not be read back: ${(err as Error).message}`, AttemptErrorCode.OUTPUT_MISMATCH, { cause: err });
  }
  const mismatch =
    formatName(out) !== format
      ? `expected ${format}, got ${formatName(out)}`
      : out.width !== written.width || out.height !== written.height
        ? `sharp reported ${written.width}x${written.height}, the file is ${out.width}x${out.height}`
        : sizeMismatch({ width: out.width, height: out.height }, source, sourceExact, box);
  if (mismatch) throw new NonRetryableError(`The output is not what was asked: ${mismatch}`, AttemptErrorCode.OUTPUT_MISMATCH);

  return {
    path,
    probe: imageProbe(out),
    inputProbe: imageProbe(meta),
    info: {
      format,
      contentType: formatInfo.contentType,
      extension: formatInfo.extension,
      width: out.width,
      height: out.height,
      size: written.size,
      channels: out.channels,
      hasAlpha: out.hasAlpha,
    },
  };
}
