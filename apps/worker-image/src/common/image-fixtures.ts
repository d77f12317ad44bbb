import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';

/** Test helpers: images made with sharp itself, in a temporary directory. */

export type Rgb = [number, number, number];
export const RED: Rgb = [255, 0, 0];
export const GREEN: Rgb = [0, 255, 0];
export const BLUE: Rgb = [0, 0, 255];
export const WHITE: Rgb = [255, 255, 255];

export const tempDir = (): Promise<string> => mkdtemp(join(tmpdir(), 'spool-image-test-'));
export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** A width × height image whose quadrants are red (top left), green (top right), blue (bottom left) and white (bottom right). */
export function quadrants(width: number, height: number): Sharp {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const colour = y < height / 2 ? (x < width / 2 ? RED : GREEN) : x < width / 2 ? BLUE : WHITE;
      data.set(colour, (y * width + x) * 3);
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

/** A noisy image, so that lossy encoders' quality shows in the file size. */
export const noisy = (width: number, height: number): Sharp =>
  sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } });

export const solid = (width: number, height: number, background: string | { r: number; g: number; b: number; alpha: number }, channels: 3 | 4 = 3): Sharp =>
  sharp({ create: { width, height, channels, background } });

/** Writes `image` (already given its format) to dir/name. */
export async function save(image: Sharp, dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await image.toFile(path);
  return path;
}

export async function saveBytes(bytes: Buffer, dir: string, name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

/** The RGB of one pixel (alpha dropped). */
export async function pixel(path: string, x: number, y: number): Promise<Rgb> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

/** Resolves to what `promise` rejected with; fails if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
