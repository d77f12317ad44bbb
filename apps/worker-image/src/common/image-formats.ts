import type { Metadata, Sharp } from 'sharp';

/** Formats the image job types write. */
export const OUTPUT_FORMATS = ['jpeg', 'png', 'webp', 'avif'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputFormatInfo {
  contentType: string;
  extension: string;
  /** Quality used when the job gives none; null: lossless unless a quality is given. */
  defaultQuality: number | null;
  /** Largest width or height the encoder accepts. */
  maxSide: number;
}

export const OUTPUT_FORMAT_INFO: Record<OutputFormat, OutputFormatInfo> = {
  jpeg: { contentType: 'image/jpeg', extension: 'jpg', defaultQuality: 82, maxSide: 65_535 },
  png: { contentType: 'image/png', extension: 'png', defaultQuality: null, maxSide: 65_535 },
  webp: { contentType: 'image/webp', extension: 'webp', defaultQuality: 80, maxSide: 16_383 },
  avif: { contentType: 'image/avif', extension: 'avif', defaultQuality: 50, maxSide: 16_384 },
};

/** Sets the encoder: lossy formats at `quality`; png lossless, or palette-quantised at `quality` when one is given. */
export function encode(pipeline: Sharp, format: OutputFormat, quality: number | null): Sharp {
  const q = quality ?? OUTPUT_FORMAT_INFO[format].defaultQuality;
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality: q ?? undefined });
    case 'webp':
      return pipeline.webp({ quality: q ?? undefined });
    case 'avif':
      return pipeline.avif({ quality: q ?? undefined });
    case 'png':
      return q === null ? pipeline.png() : pipeline.png({ palette: true, quality: q });
  }
}

/** The format name Spool uses for what sharp read: sharp reports AVIF as `heif` with `av1` compression. */
export const formatName = (meta: Pick<Metadata, 'format' | 'compression'>): string =>
  meta.format === 'heif' && meta.compression === 'av1' ? 'avif' : String(meta.format);

/** Default output format for an input: jpeg stays jpeg, png stays png, anything else becomes webp. */
export const defaultOutputFormat = (inputFormat: string): OutputFormat =>
  inputFormat === 'jpeg' ? 'jpeg' : inputFormat === 'png' ? 'png' : 'webp';
