import { AttemptErrorCode } from '@spool/contracts';
import { mkdir } from 'node:fs/promises';
import { basename } from 'node:path';
import sharp from 'sharp';
import { noisy, quadrants, rejection, removeDir, save, saveBytes, solid, tempDir } from '../common/image-fixtures.js';
import { makeThumbnail } from './thumbnail.operation.js';

let dir: string;
let wide: string; // 1000x500 jpeg
beforeAll(async () => {
  dir = await tempDir();
  wide = await save(noisy(1000, 500).jpeg(), dir, 'wide.jpg');
});
afterAll(() => removeDir(dir));

let n = 0;
const out = async () => {
  const path = `${dir}/out-${++n}`;
  await mkdir(path);
  return path;
};

describe('makeThumbnail', () => {
  it('defaults to a 320 px wide webp keeping proportions', async () => {
    const r = await makeThumbnail(wide, await out(), {});
    const meta = await sharp(r.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 160]);
    expect(basename(r.path)).toBe('thumbnail.webp');
    expect(r.info).toMatchObject({ format: 'webp', contentType: 'image/webp', width: 320, height: 160 });
  });

  it('width and height crop to exactly the box (fit cover)', async () => {
    const r = await makeThumbnail(wide, await out(), { width: 100, height: 100 });
    expect(await sharp(r.path).metadata()).toMatchObject({ width: 100, height: 100 });
  });

  it('fit inside with both sides stays within the box', async () => {
    const r = await makeThumbnail(wide, await out(), { width: 100, height: 100, fit: 'inside' });
    expect(await sharp(r.path).metadata()).toMatchObject({ width: 100, height: 50 });
  });

  it('does not upscale a small image unless withoutEnlargement is false', async () => {
    const small = await save(solid(100, 50, '#123456').png(), dir, 'small.png');
    const kept = await makeThumbnail(small, await out(), {});
    expect([kept.info.width, kept.info.height]).toEqual([100, 50]);
    const enlarged = await makeThumbnail(small, await out(), { withoutEnlargement: false });
    expect([enlarged.info.width, enlarged.info.height]).toEqual([320, 160]);
  });

  it('auto-orients and strips metadata', async () => {
    const oriented = await save(quadrants(400, 200).jpeg().withMetadata({ orientation: 6 }).withExif({ IFD0: { Copyright: 'x' } }), dir, 'o.jpg');
    const r = await makeThumbnail(oriented, await out(), { width: 100 });
    const meta = await sharp(r.path).metadata();
    expect([meta.width, meta.height]).toEqual([100, 200]);
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
  });

  it.each([
    ['jpeg', 'jpeg'],
    ['png', 'png'],
    ['avif', 'heif'],
  ] as const)('writes %s', async (format, sharpFormat) => {
    const r = await makeThumbnail(wide, await out(), { format, width: 64 });
    expect((await sharp(r.path).metadata()).format).toBe(sharpFormat);
    expect(r.info.format).toBe(format);
  });

  it('uses quality 75 by default', async () => {
    const byDefault = await makeThumbnail(wide, await out(), { format: 'jpeg' });
    const at75 = await makeThumbnail(wide, await out(), { format: 'jpeg', quality: 75 });
    const at30 = await makeThumbnail(wide, await out(), { format: 'jpeg', quality: 30 });
    expect(byDefault.info.size).toBe(at75.info.size);
    expect(at30.info.size).toBeLessThan(at75.info.size);
  });

  it('refuses undecodable input with MEDIA_UNDECODABLE', async () => {
    const junk = await saveBytes(Buffer.from('definitely not an image'), dir, 'junk.jpg');
    expect(await rejection(makeThumbnail(junk, await out(), {}))).toMatchObject({ code: AttemptErrorCode.MEDIA_UNDECODABLE, retryable: false });
  });

  it('rejects when its signal has fired', async () => {
    const reason = new Error('stop');
    expect(await rejection(makeThumbnail(wide, await out(), {}, { signal: AbortSignal.abort(reason) }))).toBe(reason);
  });
});
