import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Test helpers for the worker-av operation specs: small media made with real
 * ffmpeg from lavfi sources (nothing downloaded), and readers for what the
 * assertions need (ffprobe entries, one decoded RGBA frame, audio levels).
 */
const exec = promisify(execFile);
export const FFMPEG = process.env.FFMPEG_PATH || 'ffmpeg';
export const FFPROBE = process.env.FFPROBE_PATH || 'ffprobe';

export const tempDir = (prefix = 'spool-av-spec-'): Promise<string> => mkdtemp(join(tmpdir(), prefix));
export const removeDir = (dir: string): Promise<void> => rm(dir, { recursive: true, force: true });

/** Runs ffmpeg with `args` (inputs included) writing `out`; returns `out`. */
export async function ffmpeg(args: string[], out: string): Promise<string> {
  await exec(FFMPEG, ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args, out], { maxBuffer: 16 * 1024 * 1024 });
  return out;
}

/** A test pattern with a 440 Hz tone: H.264/AAC MP4. */
export const makeVideo = (out: string, { seconds = 2, size = '320x240', rate = 25, audio = true } = {}): Promise<string> =>
  ffmpeg(
    [
      '-f', 'lavfi', '-i', `testsrc2=d=${seconds}:s=${size}:r=${rate}`,
      ...(audio ? ['-f', 'lavfi', '-i', `sine=f=440:d=${seconds}:sample_rate=48000`] : []),
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      ...(audio ? ['-c:a', 'aac', '-b:a', '96k', '-shortest'] : []),
    ],
    out,
  );

/** A green screen with a solid red box in the middle (x 110–210, y 80–160 of 320x240). */
export const makeGreenScreen = (out: string, seconds = 1): Promise<string> =>
  ffmpeg(
    [
      '-f', 'lavfi', '-i', `color=c=0x00ff00:s=320x240:r=25:d=${seconds},drawbox=x=110:y=80:w=100:h=80:color=0xff0000@1:t=fill`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '12', '-pix_fmt', 'yuv420p',
    ],
    out,
  );

/** A 440 Hz tone (-21 dBFS RMS) with white noise under it, mono 48 kHz WAV. */
export const makeNoisyTone = (out: string, { seconds = 4, noise = 0.01 } = {}): Promise<string> =>
  ffmpeg(
    [
      '-f', 'lavfi', '-i', `sine=f=440:d=${seconds}:sample_rate=48000`,
      '-f', 'lavfi', '-i', `anoisesrc=d=${seconds}:c=white:a=${noise}:r=48000:seed=7`,
      '-filter_complex', '[0][1]amix=inputs=2:normalize=0',
      '-c:a', 'pcm_s16le',
    ],
    out,
  );

/** ffprobe -show_entries for the first stream of a type, as a flat record. */
export async function probeEntries(path: string, entries: string, select = 'v:0'): Promise<Array<Record<string, string>>> {
  const { stdout } = await exec(FFPROBE, ['-v', 'error', '-select_streams', select, '-show_entries', entries, '-of', 'json', path]);
  const json = JSON.parse(stdout) as { streams?: Array<Record<string, string>>; frames?: Array<Record<string, string>>; packets?: Array<Record<string, string>> };
  return json.frames ?? json.packets ?? json.streams ?? [];
}

/** Times (s) of the video key frames. */
export async function keyframeTimes(path: string): Promise<number[]> {
  const packets = await probeEntries(path, 'packet=pts_time,flags');
  return packets.filter((p) => p.flags?.includes('K')).map((p) => Number(p.pts_time));
}

/** The first frame of `path` decoded to RGBA; `decoder` forces one (libvpx-vp9 reads WebM alpha). */
export async function firstFrameRgba(path: string, dir: string, decoder?: string): Promise<{ width: number; height: number; data: Buffer }> {
  const png = join(dir, `frame-${Math.random().toString(36).slice(2)}.png`);
  await ffmpeg([...(decoder ? ['-c:v', decoder] : []), '-i', path, '-frames:v', '1', '-pix_fmt', 'rgba', '-update', '1'], png);
  const { default: sharp } = await import('sharp');
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

export const alphaAt = (frame: { width: number; data: Buffer }, x: number, y: number): number => frame.data[(y * frame.width + x) * 4 + 3];

/** RMS level (dBFS) of the whole file, or of a band when `filter` narrows it first. */
export async function rmsDb(path: string, filter = ''): Promise<number> {
  const { stderr } = await exec(FFMPEG, [
    '-hide_banner', '-nostdin', '-nostats', '-i', path,
    '-af', `${filter ? `${filter},` : ''}astats=measure_overall=RMS_level:measure_perchannel=none`,
    '-f', 'null', '-',
  ]);
  const m = /RMS level dB:\s*(-?[\d.]+|-inf)/.exec(stderr);
  if (!m) throw new Error(`no RMS level in: ${stderr.slice(-500)}`);
  return m[1] === '-inf' ? -Infinity : Number(m[1]);
}

/** Steep band 3–9 kHz: well above a 440 Hz tone, below the 12 kHz low-pass. */
export const HISS_BAND = 'highpass=f=3000,highpass=f=3000,highpass=f=3000,highpass=f=3000,lowpass=f=9000';

/** Live ffmpeg processes whose command line mentions `needle`. */
export async function ffmpegProcessesMentioning(needle: string): Promise<number[]> {
  try {
    const { stdout } = await exec('pgrep', ['-f', needle]);
    return stdout.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== process.pid);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export interface StreamTags {
  index: number;
  codecType: string;
  codecName: string | null;
  pixelFormat: string | null;
  /** Tag names lower-cased (Matroska writes ALPHA_MODE or alpha_mode depending on the muxer). */
  tags: Record<string, string>;
}

/**
 * The streams' container tags, read independently of `probeMedia` for the tests: e.g. a VP9
 * stream in WebM reports pix_fmt yuv420p and carries its alpha in a side
 * track flagged by the tag `alpha_mode=1`.
 */
export function probeStreamTags(path: string, opts: { ffprobePath?: string; signal?: AbortSignal } = {}): Promise<StreamTags[]> {
  const binary = opts.ffprobePath || process.env.FFPROBE_PATH || 'ffprobe';
  const args = ['-v', 'error', '-protocol_whitelist', 'file', '-show_entries', 'stream=index,codec_type,codec_name,pix_fmt:stream_tags', '-of', 'json', path];
  return new Promise((resolve, reject) => {
    execFile(binary, args, { signal: opts.signal, maxBuffer: 4 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(opts.signal?.aborted ? opts.signal.reason : err);
      try {
        const parsed = JSON.parse(stdout) as { streams?: Array<Record<string, unknown>> };
        resolve(
          (parsed.streams ?? []).map((s) => ({
            index: Number(s.index),
            codecType: String(s.codec_type ?? 'unknown'),
            codecName: typeof s.codec_name === 'string' ? s.codec_name : null,
            pixelFormat: typeof s.pix_fmt === 'string' ? s.pix_fmt : null,
            tags: Object.fromEntries(Object.entries((s.tags as Record<string, unknown>) ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)])),
          })),
        );
      } catch (parseErr) {
        reject(parseErr);
      }
    });
  });
}
