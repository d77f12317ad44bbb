/**
 * Named looks, each a chain of ffmpeg filters (eq, colorbalance, curves,
 * hue, colorchannelmixer). Values are gentle: a look, not a stunt.
 *
 * colorbalance shifts red/green/blue in the shadows (s), midtones (m) and
 * highlights (h); more red and less blue raises Cr (V) and lowers Cb (U).
 */
export const COLOR_PRESETS = {
  warm: 'colorbalance=rs=0.12:gs=0.03:bs=-0.12:rm=0.12:gm=0.03:bm=-0.12:rh=0.08:gh=0.02:bh=-0.08',
  cool: 'colorbalance=rs=-0.12:gs=0.01:bs=0.12:rm=-0.12:gm=0.01:bm=0.12:rh=-0.08:bh=0.08',
  vintage: "curves=preset=vintage,colorbalance=rm=0.04:bm=-0.04,eq=saturation=0.85:contrast=0.95",
  high_contrast: 'eq=contrast=1.3:brightness=-0.02:saturation=1.15',
  bw: 'hue=s=0,eq=contrast=1.1',
  teal_orange: 'colorbalance=rs=-0.12:gs=-0.02:bs=0.12:rm=-0.04:bm=0.04:rh=0.12:gh=0.03:bh=-0.12,eq=saturation=1.12',
  faded: "curves=all='0/0.08 0.5/0.5 1/0.92',eq=saturation=0.8",
  vibrant: 'eq=saturation=1.4:contrast=1.05',
  sepia: 'colorchannelmixer=rr=0.393:rg=0.769:rb=0.189:gr=0.349:gg=0.686:gb=0.168:br=0.272:bg=0.534:bb=0.131',
} as const satisfies Record<string, string>;

export type ColorPreset = keyof typeof COLOR_PRESETS;
export const COLOR_PRESET_NAMES = Object.keys(COLOR_PRESETS) as ColorPreset[];
