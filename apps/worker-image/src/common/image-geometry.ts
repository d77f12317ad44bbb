/** How a resize fits the image into the width × height box (sharp's `fit`). */
export const FITS = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export type Fit = (typeof FITS)[number];

/** sharp's gravities, CSS-like positions, and (cover only) its smart-crop strategies. */
export const GRAVITIES = ['centre', 'center', 'north', 'northeast', 'east', 'southeast', 'south', 'southwest', 'west', 'northwest'] as const;
export const POSITIONS = ['top', 'right', 'bottom', 'left', 'right top', 'right bottom', 'left bottom', 'left top'] as const;
export const STRATEGIES = ['entropy', 'attention'] as const;
export const POSITION_NAMES = [...GRAVITIES, ...POSITIONS, ...STRATEGIES] as const;
export type Position = (typeof POSITION_NAMES)[number];

/** Largest width or height a resize may ask for. */
export const MAX_RESIZE_SIDE = 16_384;

export interface Size {
  width: number;
  height: number;
}

export interface Region extends Size {
  left: number;
  top: number;
}

export interface ResizeBox {
  width?: number;
  height?: number;
  fit: Fit;
  withoutEnlargement: boolean;
}

/** sharp rotates by multiples of 90° exactly (integers only); any other angle resamples onto a larger canvas. */
export const isRightAngle = (degrees: number): boolean => Number.isInteger(degrees) && degrees % 90 === 0;

/**
 * The size of an image after rotating it: exact for right angles, an estimate
 * (the bounding box of the rotated rectangle, to a pixel or so) for other angles.
 */
export function rotatedSize(size: Size, degrees: number): { size: Size; exact: boolean } {
  if (isRightAngle(degrees)) {
    const quarter = (((degrees / 90) % 4) + 4) % 4;
    return { size: quarter % 2 === 1 ? { width: size.height, height: size.width } : size, exact: true };
  }
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.abs(Math.cos(rad));
  const sin = Math.abs(Math.sin(rad));
  return {
    size: { width: Math.round(size.width * cos + size.height * sin), height: Math.round(size.width * sin + size.height * cos) },
    exact: false,
  };
}

/** Whether a region lies entirely inside an image of `size`. */
export const regionFits = (region: Region, size: Size): boolean =>
  region.left + region.width <= size.width && region.top + region.height <= size.height;

/** The region that, cropped before a mirror, gives what cropping `region` after it would. */
export const mirrorRegion = (region: Region, size: Size, flip: boolean, flop: boolean): Region => ({
  ...region,
  left: flop ? size.width - region.left - region.width : region.left,
  top: flip ? size.height - region.top - region.height : region.top,
});

/** Roughly what size a resize of `src` into `box` produces (to a pixel): for refusing outputs that would be too large. */
export function plannedSize(src: Size, box?: ResizeBox): Size {
  if (!box || (box.width === undefined && box.height === undefined)) return src;
  const { width: W, height: H, fit, withoutEnlargement } = box;
  const cap = (s: number) => (withoutEnlargement ? Math.min(s, 1) : s);
  if (W !== undefined && H !== undefined) {
    if (fit === 'contain') return { width: W, height: H };
    if (fit === 'cover' || fit === 'fill') {
      return withoutEnlargement ? { width: Math.min(W, src.width), height: Math.min(H, src.height) } : { width: W, height: H };
    }
    const s = cap(fit === 'inside' ? Math.min(W / src.width, H / src.height) : Math.max(W / src.width, H / src.height));
    return { width: Math.max(1, Math.round(src.width * s)), height: Math.max(1, Math.round(src.height * s)) };
  }
  const s = cap(W !== undefined ? W / src.width : H! / src.height);
  return { width: Math.max(1, Math.round(src.width * s)), height: Math.max(1, Math.round(src.height * s)) };
}

/**
 * Checks an output's size against what was asked; returns what is wrong, or
 * null. `src` is the image the resize started from (after rotation and crop);
 * `srcExact` false when that size is itself an estimate (non-right-angle rotation).
 *
 * - no resize: the source size;
 * - both sides, fit cover or fill: exactly the box (at most the box with withoutEnlargement);
 * - both sides, contain: exactly the box (padding), with or without withoutEnlargement;
 * - both sides, inside: within the box, touching it on one side unless withoutEnlargement;
 * - both sides, outside: covering the box, touching it on one side, unless withoutEnlargement;
 * - one side: that side exactly (at most, with withoutEnlargement).
 */
export function sizeMismatch(actual: Size, src: Size, srcExact: boolean, box?: ResizeBox): string | null {
  const got = `${actual.width}x${actual.height}`;
  if (actual.width < 1 || actual.height < 1) return `the output is ${got}`;
  const slack = srcExact ? 0 : 2;
  const near = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;
  if (!box || (box.width === undefined && box.height === undefined)) {
    return near(actual.width, src.width, slack) && near(actual.height, src.height, slack) ? null : `expected ${src.width}x${src.height}, got ${got}`;
  }
  const { width: W, height: H, fit, withoutEnlargement } = box;
  const boxText = `${W ?? 'auto'}x${H ?? 'auto'}`;
  if (W !== undefined && H !== undefined) {
    const exact = actual.width === W && actual.height === H;
    const within = actual.width <= W && actual.height <= H;
    const touches = near(actual.width, W, 1) || near(actual.height, H, 1);
    switch (fit) {
      case 'contain':
        return exact ? null : `fit contain: expected exactly ${boxText}, got ${got}`;
      case 'cover':
      case 'fill':
        if (withoutEnlargement) return within ? null : `fit ${fit} without enlargement: expected at most ${boxText}, got ${got}`;
        return exact ? null : `fit ${fit}: expected exactly ${boxText}, got ${got}`;
      case 'inside':
        if (!within) return `fit inside: expected within ${boxText}, got ${got}`;
        return withoutEnlargement || touches ? null : `fit inside: expected ${got} to touch ${boxText}`;
      case 'outside':
        if (withoutEnlargement) {
          return actual.width <= Math.max(W, src.width) + slack && actual.height <= Math.max(H, src.height) + slack
            ? null
            : `fit outside without enlargement: ${got} is larger than both the source and ${boxText}`;
        }
        if (actual.width < W || actual.height < H) return `fit outside: expected at least ${boxText}, got ${got}`;
        return touches ? null : `fit outside: expected ${got} to touch ${boxText}`;
    }
  }
  const [side, want, have] = W !== undefined ? (['width', W, actual.width] as const) : (['height', H!, actual.height] as const);
  if (withoutEnlargement) return have <= want ? null : `expected a ${side} of at most ${want}, got ${got}`;
  return have === want ? null : `expected a ${side} of ${want}, got ${got}`;
}
