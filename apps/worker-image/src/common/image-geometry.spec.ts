import { mirrorRegion, plannedSize, regionFits, rotatedSize, sizeMismatch } from './image-geometry.js';

describe('image geometry', () => {
  it('rotatedSize swaps for odd quarter turns, is exact for right angles and estimates others', () => {
    expect(rotatedSize({ width: 40, height: 30 }, 90)).toEqual({ size: { width: 30, height: 40 }, exact: true });
    expect(rotatedSize({ width: 40, height: 30 }, -270)).toEqual({ size: { width: 30, height: 40 }, exact: true });
    expect(rotatedSize({ width: 40, height: 30 }, 180)).toEqual({ size: { width: 40, height: 30 }, exact: true });
    expect(rotatedSize({ width: 400, height: 300 }, 30)).toEqual({ size: { width: 496, height: 460 }, exact: false });
  });

  it('regionFits and mirrorRegion', () => {
    const size = { width: 100, height: 50 };
    expect(regionFits({ left: 60, top: 0, width: 40, height: 50 }, size)).toBe(true);
    expect(regionFits({ left: 61, top: 0, width: 40, height: 50 }, size)).toBe(false);
    expect(mirrorRegion({ left: 10, top: 5, width: 20, height: 10 }, size, true, true)).toEqual({ left: 70, top: 35, width: 20, height: 10 });
  });

  it('plannedSize estimates each fit', () => {
    const src = { width: 400, height: 300 };
    expect(plannedSize(src)).toEqual(src);
    expect(plannedSize(src, { width: 200, fit: 'cover', withoutEnlargement: false })).toEqual({ width: 200, height: 150 });
    expect(plannedSize(src, { width: 200, height: 200, fit: 'inside', withoutEnlargement: false })).toEqual({ width: 200, height: 150 });
    expect(plannedSize(src, { width: 200, height: 200, fit: 'outside', withoutEnlargement: false })).toEqual({ width: 267, height: 200 });
    expect(plannedSize(src, { width: 900, height: 900, fit: 'inside', withoutEnlargement: true })).toEqual(src);
  });

  it('sizeMismatch accepts what was asked and names what was not', () => {
    const src = { width: 400, height: 300 };
    const box = (fit: 'cover' | 'inside' | 'outside' | 'contain' | 'fill', withoutEnlargement = false) => ({ width: 200, height: 200, fit, withoutEnlargement });
    expect(sizeMismatch({ width: 200, height: 200 }, src, true, box('cover'))).toBeNull();
    expect(sizeMismatch({ width: 200, height: 199 }, src, true, box('cover'))).toMatch(/exactly 200x200/);
    expect(sizeMismatch({ width: 200, height: 150 }, src, true, box('inside'))).toBeNull();
    expect(sizeMismatch({ width: 201, height: 150 }, src, true, box('inside'))).toMatch(/within/);
    expect(sizeMismatch({ width: 267, height: 200 }, src, true, box('outside'))).toBeNull();
    expect(sizeMismatch({ width: 150, height: 200 }, src, true, box('outside'))).toMatch(/at least/);
    expect(sizeMismatch({ width: 400, height: 300 }, src, true, box('fill', true))).toMatch(/at most/);
    expect(sizeMismatch({ width: 400, height: 300 }, src, true)).toBeNull();
    expect(sizeMismatch({ width: 402, height: 298 }, src, false)).toBeNull();
    expect(sizeMismatch({ width: 401, height: 300 }, src, true)).toMatch(/expected 400x300/);
  });
});
