import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * Test helper: makes a small media file with real ffmpeg (lavfi sources)
 * and returns its path. `args` are everything between the inputs and the
 * output, e.g. `['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'flac']`.
 */
export async function makeMedia(dir: string, name: string, args: string[]): Promise<string> {
  const out = join(dir, name);
  await exec(process.env.FFMPEG_PATH || 'ffmpeg', ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', ...args, out]);
  return out;
}

/** lavfi input args for a tiny test picture and tone. */
export const lavfiVideo = (seconds = 1, extra = ''): string[] => ['-f', 'lavfi', '-i', `testsrc2=d=${seconds}:s=320x240:r=25${extra}`];
export const lavfiAudio = (seconds = 1, extra = ''): string[] => ['-f', 'lavfi', '-i', `sine=f=440:d=${seconds}:sample_rate=48000${extra}`];
