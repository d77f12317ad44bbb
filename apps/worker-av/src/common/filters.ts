/**
 * Escapes a value for use as a filter option inside an ffmpeg filtergraph
 * string: first the option level (`\ ' :`), then the graph level
 * (`\ ' [ ] , ;`), as ffmpeg-filters(1) "Notes on filtergraph escaping" says.
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** `#rrggbb` → `0xrrggbb` (ffmpeg's color syntax). */
export function ffmpegColor(hex: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!m) throw new Error(`Not a #rrggbb color: ${hex}`);
  return `0x${m[1].toLowerCase()}`;
}

/** Numbers in filter strings: no exponent notation, no trailing noise. */
export const num = (n: number, digits = 4): string => String(Number(n.toFixed(digits)));
