import { ffmpegBinary, ffprobeBinary } from '@spool/media';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Makes a media file with ffmpeg's lavfi sources; nothing is downloaded. */
export async function lavfi(dir: string, name: string, args: string[]): Promise<{ path: string; bytes: Buffer }> {
  const path = join(dir, name);
  await run(ffmpegBinary(), ['-hide_banner', '-loglevel', 'error', '-y', ...args, path]);
  return { path, bytes: await readFile(path) };
}

/** A test-pattern video with a tone. */
export const testVideo = (dir: string, name = 'clip.mp4', seconds = 3, size = '640x360') =>
  lavfi(dir, name, [
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
  ]);

export async function ffprobe(path: string): Promise<any> {
  const { stdout } = await run(ffprobeBinary(), ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', path]);
  return JSON.parse(stdout);
}

/** Integrated loudness (LUFS) of a file, measured by ebur128 (independently of loudnorm, which audio.clean uses). */
export async function loudness(path: string): Promise<{ integrated: number }> {
  const { stderr } = await run(ffmpegBinary(), ['-hide_banner', '-nostats', '-i', path, '-af', 'ebur128', '-f', 'null', '-'], { maxBuffer: 64 * 1024 * 1024 });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  return { integrated: Number(/I:\s+(-?[\d.]+) LUFS/.exec(summary)![1]) };
}

/** RMS level (dBFS) of the audio in the quiet stretch [start, start+duration). */
export async function rmsLevel(path: string, start: number, duration: number): Promise<number> {
  const { stderr } = await run(ffmpegBinary(), ['-hide_banner', '-nostats', '-ss', String(start), '-t', String(duration), '-i', path, '-af', 'astats=measure_overall=RMS_level:measure_perchannel=none', '-f', 'null', '-']);
  return Number(/RMS level dB:\s+(-?[\d.]+|-inf)/.exec(stderr)![1]);
}

/** Mean Y/U/V and saturation over the frames (signalstats). */
export async function frameStats(path: string): Promise<{ yavg: number; uavg: number; vavg: number; satavg: number }> {
  const { stderr } = await run(ffmpegBinary(), ['-hide_banner', '-nostats', '-i', path, '-vf', 'signalstats,metadata=mode=print', '-an', '-f', 'null', '-'], { maxBuffer: 64 * 1024 * 1024 });
  const mean = (key: string) => {
    const values = [...stderr.matchAll(new RegExp(`lavfi\\.signalstats\\.${key}=(-?[\\d.]+)`, 'g'))].map((m) => Number(m[1]));
    return values.reduce((a, b) => a + b, 0) / values.length;
  };
  return { yavg: mean('YAVG'), uavg: mean('UAVG'), vavg: mean('VAVG'), satavg: mean('SATAVG') };
}

/** RGBA of one pixel of the first frame. */
export async function pixel(path: string, x: number, y: number): Promise<[number, number, number, number]> {
  const { stdout } = await run(ffmpegBinary(), ['-hide_banner', '-loglevel', 'error', '-i', path, '-frames:v', '1', '-vf', `crop=1:1:${x}:${y},format=rgba`, '-f', 'rawvideo', '-'], { encoding: 'buffer' });
  return [stdout[0]!, stdout[1]!, stdout[2]!, stdout[3]!];
}
