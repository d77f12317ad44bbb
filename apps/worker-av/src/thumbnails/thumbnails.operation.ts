import type { MediaProbe } from '@spool/contracts';
import { runFfmpeg } from '@spool/media';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { invalidInput, outputMismatch } from '../common/errors.js';
import { durationOf, ffmpegRunOptions, probeInput, type OperationContext } from '../common/operation.js';
import { expectVideo, probeOutput } from '../common/verify.js';

export interface ThumbnailOptions {
  count: number;
  columns: number;
  width: number;
  /** null: the most representative frame near 10 % of the duration. */
  posterAtSeconds: number | null;
}

export interface ThumbnailFrame {
  path: string;
  /** Where in the input the frame was taken. */
  atSeconds: number;
  /** The span of the input the frame stands for in the VTT index. */
  startSeconds: number;
  endSeconds: number;
  probe: MediaProbe;
}

export interface SpriteLayout {
  columns: number;
  rows: number;
  frameWidth: number;
  frameHeight: number;
}

export interface ThumbnailsResult {
  poster: { path: string; probe: MediaProbe; atSeconds: number };
  frames: ThumbnailFrame[];
  sprite: { path: string; probe: MediaProbe; width: number; height: number };
  layout: SpriteLayout;
  durationSeconds: number;
}

/** JPEG cannot go beyond 65535; browsers struggle long before. */
export const MAX_SPRITE_SIDE = 16384;
const POSTER_MAX_WIDTH = 1280;

const exists = (path: string) =>
  stat(path).then(
    (s) => s.size > 0,
    () => false,
  );

/**
 * A poster frame, `count` evenly spaced frames (each the middle of its
 * 1/count of the input) and a sprite sheet of them, `columns` wide. Each
 * frame is grabbed with an input seek, so long inputs are not decoded whole.
 */
export async function makeThumbnails(inputPath: string, outDir: string, options: ThumbnailOptions, ctx: OperationContext = {}): Promise<ThumbnailsResult> {
  const inputProbe = await probeInput(inputPath, ctx);
  if (!inputProbe.video) throw invalidInput('The input has no video stream to take thumbnails from');
  const duration = durationOf(inputProbe);
  if (!duration || !(duration > 0)) throw invalidInput('The input has no known duration to space thumbnails over');

  const run = ffmpegRunOptions(ctx, outDir);
  const steps = options.count + 2;
  let done = 0;
  const step = () => ctx.onProgress?.((++done / steps) * 100);

  /** Grabs one frame near `at`; near the end a seek may land past the last frame, so it falls back earlier. */
  const grab = async (at: number, path: string, filter: string): Promise<number> => {
    for (const t of [...new Set([at, Math.max(0, at - 1), 0])]) {
      await runFfmpeg({
        inputs: [{ path: inputPath, options: ['-ss', t.toFixed(3)] }],
        args: ['-map', '0:v:0', '-an', '-sn', '-dn', '-vf', filter, '-frames:v', '1', '-q:v', '3', '-update', '1', path],
        ...run,
      });
      if (await exists(path)) return t;
    }
    throw outputMismatch(`no frame could be decoded near ${at.toFixed(3)} s`);
  };

  // Poster: the most representative of ~25 frames from the chosen point (skips black or blurred transition frames).
  const posterPath = join(outDir, 'poster.jpg');
  const posterWanted = Math.min(options.posterAtSeconds ?? duration * 0.1, Math.max(0, duration - 0.5));
  const posterFilter = `${options.posterAtSeconds === null ? 'thumbnail=25,' : ''}scale=w='min(${POSTER_MAX_WIDTH},iw)':h=-2:flags=bicubic`;
  const posterAt = await grab(posterWanted, posterPath, posterFilter);
  const posterProbe = await probeOutput(posterPath, ctx, 'poster');
  expectVideo(posterProbe, {}, 'poster');
  step();

  const frames: ThumbnailFrame[] = [];
  const span = duration / options.count;
  let size: { width: number; height: number } | null = null;
  for (let i = 0; i < options.count; i++) {
    const path = join(outDir, `frame_${String(i + 1).padStart(3, '0')}.jpg`);
    // Later frames are forced to the first one's size, so the sprite grid is regular.
    const filter = size ? `scale=${size.width}:${size.height}:flags=bicubic` : `scale=${options.width}:-2:flags=bicubic`;
    const atSeconds = await grab(span * (i + 0.5), path, filter);
    const probe = await probeOutput(path, ctx, `frame ${i + 1}`);
    const v = expectVideo(probe, size ? { width: size.width, height: size.height } : { width: options.width }, `frame ${i + 1}`);
    if (!size) {
      size = { width: v.width ?? options.width, height: v.height ?? 0 };
      // The first frame fixes the sprite's size: refuse an impossible sheet before grabbing the rest.
      assertSpriteFits(options, size);
    }
    frames.push({ path, atSeconds, startSeconds: span * i, endSeconds: i === options.count - 1 ? duration : span * (i + 1), probe });
    step();
  }
  if (!size || size.height <= 0) throw outputMismatch('the frames have no height');

  const { columns, rows, spriteWidth, spriteHeight } = assertSpriteFits(options, size);
  const layout: SpriteLayout = { columns, rows, frameWidth: size.width, frameHeight: size.height };

  const spritePath = join(outDir, 'sprite.jpg');
  await runFfmpeg({
    inputs: [{ path: join(outDir, 'frame_%03d.jpg'), options: ['-f', 'image2', '-framerate', '1', '-start_number', '1'] }],
    args: ['-vf', `tile=${columns}x${rows}`, '-frames:v', '1', '-q:v', '3', '-update', '1', spritePath],
    ...run,
  });
  const spriteProbe = await probeOutput(spritePath, ctx, 'sprite');
  expectVideo(spriteProbe, { width: spriteWidth, height: spriteHeight }, 'sprite');
  step();

  return {
    poster: { path: posterPath, probe: posterProbe, atSeconds: posterAt },
    frames,
    sprite: { path: spritePath, probe: spriteProbe, width: spriteWidth, height: spriteHeight },
    layout,
    durationSeconds: duration,
  };
}

/** `seconds` as a WebVTT timestamp, HH:MM:SS.mmm. */
export function vttTimestamp(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/**
 * The WebVTT thumbnail index players use for scrub previews: one cue per
 * frame, pointing at its cell of the sprite with a media fragment.
 */
export function buildSpriteVtt(spriteUrl: string, frames: Pick<ThumbnailFrame, 'startSeconds' | 'endSeconds'>[], layout: SpriteLayout): string {
  const cues = frames.map((f, i) => {
    const x = (i % layout.columns) * layout.frameWidth;
    const y = Math.floor(i / layout.columns) * layout.frameHeight;
    return `${i + 1}\n${vttTimestamp(f.startSeconds)} --> ${vttTimestamp(f.endSeconds)}\n${spriteUrl}#xywh=${x},${y},${layout.frameWidth},${layout.frameHeight}\n`;
  });
  return `WEBVTT\n\n${cues.join('\n')}`;
}

/** The sprite sheet's grid and size for frames of `size`; refused when a side would pass MAX_SPRITE_SIDE. */
function assertSpriteFits(options: ThumbnailOptions, size: { width: number; height: number }) {
  const columns = Math.min(options.columns, options.count);
  const rows = Math.ceil(options.count / columns);
  const spriteWidth = columns * size.width;
  const spriteHeight = rows * size.height;
  if (spriteWidth > MAX_SPRITE_SIDE || spriteHeight > MAX_SPRITE_SIDE) {
    throw invalidInput(`The sprite sheet would be ${spriteWidth}x${spriteHeight} px, more than ${MAX_SPRITE_SIDE} px on a side: use more columns, fewer frames or a smaller width`);
  }
  return { columns, rows, spriteWidth, spriteHeight };
}
