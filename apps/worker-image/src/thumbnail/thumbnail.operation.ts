import { processImage, type ImageResult, type ImageRunOptions } from '../process/image-process.operation.js';
import { THUMBNAIL_DEFAULTS, type ThumbnailOptions } from './thumbnail.input.js';

/**
 * A small preview of `inputPath`, written to `outDir/thumbnail.<ext>`: always
 * auto-oriented and stripped of metadata. With only a width the image keeps its
 * proportions; with width and height it is cropped to fill them (unless `fit` says otherwise).
 */
export function makeThumbnail(inputPath: string, outDir: string, options: ThumbnailOptions, run: ImageRunOptions = {}): Promise<ImageResult> {
  const width = options.width ?? THUMBNAIL_DEFAULTS.width;
  const fit = options.fit ?? (options.height === undefined ? THUMBNAIL_DEFAULTS.fitOneSide : THUMBNAIL_DEFAULTS.fitBothSides);
  const format = options.format ?? THUMBNAIL_DEFAULTS.format;
  const quality = options.quality ?? (format === 'png' ? undefined : THUMBNAIL_DEFAULTS.quality);
  return processImage(
    inputPath,
    outDir,
    {
      resize: { width, height: options.height, fit, withoutEnlargement: options.withoutEnlargement ?? THUMBNAIL_DEFAULTS.withoutEnlargement },
      autoOrient: true,
      stripMetadata: true,
      format,
      quality,
    },
    { ...run, basename: run.basename ?? 'thumbnail' },
  );
}
