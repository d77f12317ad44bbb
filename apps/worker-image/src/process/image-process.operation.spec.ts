import { AttemptErrorCode, ErrorCode } from '@spool/contracts';
import { NonRetryableError } from '@spool/worker-runtime';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import {
  BLUE,
  GREEN,
  noisy,
  pixel,
  quadrants,
  RED,
  rejection,
  removeDir,
  save,
  saveBytes,
  solid,
  tempDir,
  WHITE,
} from '../common/image-fixtures.js';
import { processImage } from './image-process.operation.js';

let dir: string;
let quad: string; // 400x300 png, quadrants red/green/blue/white
let photo: string; // 200x150 noisy jpeg
beforeAll(async () => {
  dir = await tempDir();
  quad = await save(quadrants(400, 300).png(), dir, 'quad.png');
  photo = await save(noisy(200, 150).jpeg({ quality: 90 }), dir, 'photo.jpg');
});
afterAll(() => removeDir(dir));

let n = 0;
/** A fresh output directory per call, so outputs never overwrite each other. */
const out = async () => {
  const path = `${dir}/out-${++n}`;
  await mkdir(path);
  return path;
};
const sizeOf = async (path: string) => {
  const m = await sharp(path).metadata();
  return [m.width, m.height];
};

describe('processImage: resize', () => {
  it('fit cover gives exactly the box', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 200, height: 200, fit: 'cover' } });
    expect(await sizeOf(r.path)).toEqual([200, 200]);
    expect(r.info).toMatchObject({ width: 200, height: 200, format: 'png', contentType: 'image/png', extension: 'png' });
  });

  it('defaults to fit cover', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 100, height: 250 } });
    expect(await sizeOf(r.path)).toEqual([100, 250]);
  });

  it('fit inside stays within the box, keeping proportions', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 200, height: 200, fit: 'inside' } });
    expect(await sizeOf(r.path)).toEqual([200, 150]);
  });

  it('fit contain pads to the box with the background', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 200, height: 200, fit: 'contain', background: '#ff00ff' } });
    expect(await sizeOf(r.path)).toEqual([200, 200]);
    expect(await pixel(r.path, 100, 5)).toEqual([255, 0, 255]); // top padding band
    expect(await pixel(r.path, 50, 60)).toEqual(RED);
  });

  it('fit fill stretches to exactly the box', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 50, height: 300, fit: 'fill' } });
    expect(await sizeOf(r.path)).toEqual([50, 300]);
  });

  it('fit outside covers the box, keeping proportions', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 200, height: 200, fit: 'outside' } });
    expect(await sizeOf(r.path)).toEqual([267, 200]);
  });

  it('one side keeps proportions; withoutEnlargement never upscales', async () => {
    const a = await processImage(quad, await out(), { resize: { width: 100 } });
    expect(await sizeOf(a.path)).toEqual([100, 75]);
    const b = await processImage(quad, await out(), { resize: { width: 1000, height: 1000, fit: 'inside', withoutEnlargement: true } });
    expect(await sizeOf(b.path)).toEqual([400, 300]);
  });

  it('position picks the part kept by fit cover', async () => {
    const r = await processImage(quad, await out(), { resize: { width: 100, height: 300, fit: 'cover', position: 'right' } });
    expect(await pixel(r.path, 50, 10)).toEqual(GREEN);
  });

  it('refuses a smart-crop strategy with a fit other than cover', async () => {
    const err = await rejection(processImage(quad, await out(), { resize: { width: 10, height: 10, fit: 'contain', position: 'attention' } }));
    expect(err).toMatchObject({ code: ErrorCode.INVALID_JOB_INPUT, retryable: false });
  });

  it('refuses an output larger than the format allows', async () => {
    const tall = await save(solid(10, 2000, '#000000').png(), dir, 'tall.png');
    const err = await rejection(processImage(tall, await out(), { resize: { width: 200, fit: 'cover' }, format: 'webp' }));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ code: ErrorCode.INVALID_JOB_INPUT });
  });
});

describe('processImage: crop, rotate, mirror, orientation', () => {
  it('crops before resizing', async () => {
    // The bottom-right quadrant (white), then halved.
    const r = await processImage(quad, await out(), { crop: { left: 200, top: 150, width: 200, height: 150 }, resize: { width: 100 } });
    expect(await sizeOf(r.path)).toEqual([100, 75]);
    expect(await pixel(r.path, 10, 10)).toEqual(WHITE);
    expect(await pixel(r.path, 90, 70)).toEqual(WHITE);
  });

  it('refuses a crop outside the image with INVALID_JOB_INPUT', async () => {
    const err = await rejection(processImage(quad, await out(), { crop: { left: 300, top: 0, width: 200, height: 100 } }));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ code: ErrorCode.INVALID_JOB_INPUT, retryable: false });
  });

  it('refuses a crop outside a non-right-angle rotation with INVALID_JOB_INPUT', async () => {
    const err = await rejection(processImage(quad, await out(), { rotate: 30, crop: { left: 0, top: 0, width: 2000, height: 10 } }));
    expect(err).toMatchObject({ code: ErrorCode.INVALID_JOB_INPUT, retryable: false });
  });

  it('rotate 90 turns clockwise and swaps the dimensions', async () => {
    const r = await processImage(quad, await out(), { rotate: 90 });
    expect(await sizeOf(r.path)).toEqual([300, 400]);
    expect(await pixel(r.path, 10, 10)).toEqual(BLUE); // bottom left comes to the top left
    expect(await pixel(r.path, 290, 10)).toEqual(RED);
  });

  it('rotate by any angle grows the canvas and fills it with the background', async () => {
    const r = await processImage(quad, await out(), { rotate: 45, background: '#00ffff' });
    const [w, h] = await sizeOf(r.path);
    expect(Math.abs(w! - 495)).toBeLessThanOrEqual(2);
    expect(Math.abs(h! - 495)).toBeLessThanOrEqual(2);
    expect(await pixel(r.path, 2, 2)).toEqual([0, 255, 255]);
  });

  it('crops in the rotated image', async () => {
    const r = await processImage(quad, await out(), { rotate: 270, crop: { left: 0, top: 0, width: 100, height: 100 } });
    expect(await pixel(r.path, 50, 50)).toEqual(GREEN); // top right comes to the top left
  });

  it('crops in the mirrored image (flip and flop)', async () => {
    const flipped = await processImage(quad, await out(), { flip: true, crop: { left: 0, top: 0, width: 100, height: 100 } });
    expect(await pixel(flipped.path, 50, 50)).toEqual(BLUE);
    const flopped = await processImage(quad, await out(), { flop: true, crop: { left: 0, top: 0, width: 100, height: 100 } });
    expect(await pixel(flopped.path, 50, 50)).toEqual(GREEN);
    const both = await processImage(quad, await out(), { flip: true, flop: true });
    expect(await pixel(both.path, 10, 10)).toEqual(WHITE);
  });

  it('mirrors before rotating, with or without a crop', async () => {
    // flip: blue/white over red/green; then 90° clockwise: red/blue over green/white.
    const plain = await processImage(quad, await out(), { flip: true, rotate: 90 });
    expect(await pixel(plain.path, 10, 10)).toEqual(RED);
    expect(await pixel(plain.path, 290, 10)).toEqual(BLUE);
    const cropped = await processImage(quad, await out(), { flip: true, rotate: 90, crop: { left: 150, top: 0, width: 150, height: 200 } });
    expect(await pixel(cropped.path, 75, 100)).toEqual(BLUE);
  });

  it('applies the EXIF orientation (6) by default, and not when autoOrient is false', async () => {
    const oriented = await save(quadrants(400, 300).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }), dir, 'oriented.jpg');
    expect((await sharp(oriented).metadata()).orientation).toBe(6);
    const r = await processImage(oriented, await out(), {});
    expect(await sizeOf(r.path)).toEqual([300, 400]);
    expect((await sharp(r.path).metadata()).orientation).toBeUndefined();
    const [red, , blue] = await pixel(r.path, 10, 10); // orientation 6 shows the bottom-left quadrant top left
    expect(blue).toBeGreaterThan(200);
    expect(red).toBeLessThan(60);
    const raw = await processImage(oriented, await out(), { autoOrient: false });
    expect(await sizeOf(raw.path)).toEqual([400, 300]);
  });

  it('resizes the oriented image', async () => {
    const oriented = await save(quadrants(400, 300).jpeg().withMetadata({ orientation: 6 }), dir, 'oriented-2.jpg');
    const r = await processImage(oriented, await out(), { resize: { width: 150, height: 100, fit: 'fill' } });
    expect(await sizeOf(r.path)).toEqual([150, 100]);
  });
});

describe('processImage: formats, quality, metadata', () => {
  it.each([
    ['jpeg', 'jpeg', 'image/jpeg', 'jpg'],
    ['png', 'png', 'image/png', 'png'],
    ['webp', 'webp', 'image/webp', 'webp'],
    ['avif', 'heif', 'image/avif', 'avif'],
  ] as const)('writes %s', async (format, sharpFormat, contentType, extension) => {
    const r = await processImage(quad, await out(), { format, resize: { width: 64 } });
    const meta = await sharp(r.path).metadata();
    expect(meta.format).toBe(sharpFormat);
    if (format === 'avif') expect(meta.compression).toBe('av1');
    expect(basename(r.path)).toBe(`processed.${extension}`);
    expect(r.info).toMatchObject({ format, contentType, extension, width: 64, height: 48 });
    expect(r.probe.format).toBe(format);
  });

  it.each([
    ['jpeg input', 'in.jpg', (i: Sharp) => i.jpeg(), 'jpeg'],
    ['png input', 'in.png', (i: Sharp) => i.png(), 'png'],
    ['webp input', 'in.webp', (i: Sharp) => i.webp(), 'webp'],
    ['gif input', 'in.gif', (i: Sharp) => i.gif(), 'webp'],
  ] as const)('defaults the format for %s', async (_, name, encode, expected) => {
    const input = await save(encode(solid(40, 30, '#336699')), dir, name);
    const r = await processImage(input, await out(), {});
    expect(r.info.format).toBe(expected);
  });

  it.each(['jpeg', 'webp', 'avif'] as const)('lower %s quality makes a smaller file', async (format) => {
    const low = await processImage(photo, await out(), { format, quality: 20 });
    const high = await processImage(photo, await out(), { format, quality: 95 });
    expect(low.info.size).toBeLessThan(high.info.size);
    const byDefault = await processImage(photo, await out(), { format });
    expect(byDefault.info.size).toBeGreaterThan(low.info.size);
    expect(byDefault.info.size).toBeLessThan(high.info.size);
  });

  it('png is lossless by default and palette-quantised when given a quality', async () => {
    const lossless = await processImage(photo, await out(), { format: 'png' });
    const palette = await processImage(photo, await out(), { format: 'png', quality: 50 });
    expect((await sharp(palette.path).metadata()).isPalette).toBe(true);
    expect((await sharp(lossless.path).metadata()).isPalette).toBe(false);
    expect(palette.info.size).toBeLessThan(lossless.info.size);
  });

  it('flattens transparency onto white for jpeg', async () => {
    const clear = await save(solid(20, 20, { r: 0, g: 0, b: 0, alpha: 0 }, 4).png(), dir, 'clear.png');
    const r = await processImage(clear, await out(), { format: 'jpeg' });
    expect(r.info.hasAlpha).toBe(false);
    const [red, green, blue] = await pixel(r.path, 10, 10);
    expect(Math.min(red, green, blue)).toBeGreaterThan(245);
  });

  it('strips metadata by default and keeps it with stripMetadata false', async () => {
    const tagged = await save(solid(60, 40, '#aa5500').jpeg().withExif({ IFD0: { Copyright: 'Spool test' } }), dir, 'tagged.jpg');
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    const stripped = await processImage(tagged, await out(), {});
    expect((await sharp(stripped.path).metadata()).exif).toBeUndefined();
    for (const format of ['jpeg', 'webp'] as const) {
      const kept = await processImage(tagged, await out(), { stripMetadata: false, format });
      const exif = (await sharp(kept.path).metadata()).exif;
      expect(exif).toBeDefined();
      expect(exif!.toString('latin1')).toContain('Spool test');
    }
  });

  it('describes the output as a MediaProbe', async () => {
    const r = await processImage(quad, await out(), { format: 'webp', resize: { width: 40 } });
    expect(r.probe).toEqual({
      format: 'webp',
      durationSeconds: null,
      bitRate: null,
      streams: [r.probe.video],
      video: { index: 0, type: 'video', codec: 'webp', profile: null, durationSeconds: null, bitRate: null, width: 40, height: 30, hasAlpha: false, pixelFormat: 'srgb/3' },
      audio: null,
    });
  });
});

describe('processImage: bad input and cancellation', () => {
  it('refuses random bytes with MEDIA_UNDECODABLE', async () => {
    const junk = await saveBytes(randomBytes(4096), dir, 'junk.bin');
    const err = await rejection(processImage(junk, await out(), {}));
    expect(err).toBeInstanceOf(NonRetryableError);
    expect(err).toMatchObject({ code: AttemptErrorCode.MEDIA_UNDECODABLE, retryable: false });
  });

  it('refuses a truncated jpeg with MEDIA_UNDECODABLE', async () => {
    const whole = await noisy(300, 200).jpeg().toBuffer();
    const cut = await saveBytes(whole.subarray(0, Math.floor(whole.length / 2)), dir, 'cut.jpg');
    const err = await rejection(processImage(cut, await out(), { format: 'png' }));
    expect(err).toMatchObject({ code: AttemptErrorCode.MEDIA_UNDECODABLE, retryable: false });
  });

  it('refuses SVG input with MEDIA_UNDECODABLE', async () => {
    const svg = await saveBytes(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), dir, 'x.svg');
    const err = await rejection(processImage(svg, await out(), {}));
    expect(err).toMatchObject({ code: AttemptErrorCode.MEDIA_UNDECODABLE, retryable: false });
  });

  it('rejects with the reason of an aborted signal, writing nothing', async () => {
    const reason = new Error('canceled for the test');
    const target = await out();
    const err = await rejection(processImage(quad, target, {}, { signal: AbortSignal.abort(reason) }));
    expect(err).toBe(reason);
    expect(await readdir(target)).toEqual([]);
  });

  it('rejects at once when the signal fires while sharp runs', async () => {
    const big = await save(noisy(1500, 1500).png({ compressionLevel: 0 }), dir, 'big.png');
    const controller = new AbortController();
    const reason = new Error('canceled mid-way');
    const started = Date.now();
    const running = processImage(big, await out(), { format: 'webp', quality: 90 }, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    expect(await rejection(running)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(200);
    // libvips cannot be stopped: let the abandoned encode finish before the suite ends.
    while (sharp.counters().process + sharp.counters().queue > 0) await new Promise((r) => setTimeout(r, 20));
  });
});
