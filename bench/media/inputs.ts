import { ffmpegBinary } from '@spool/media';
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface BenchInput {
  path: string;
  /** The name given to the upload (`filename=`). */
  filename: string;
  bytes: number;
  description: string;
}

export interface BenchInputs {
  video: BenchInput;
  audio: BenchInput;
  image: BenchInput;
}

/** Runs ffmpeg with lavfi sources into `dir/name`; nothing is downloaded. */
async function lavfi(dir: string, name: string, description: string, args: string[], signal: AbortSignal): Promise<BenchInput> {
  const path = join(dir, name);
  await run(ffmpegBinary(), ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args, path], { signal, maxBuffer: 16 * 1024 * 1024 });
  return { path, filename: name, bytes: (await stat(path)).size, description };
}

/**
 * The benchmark's inputs: a 1080p25 test-pattern clip with a tone (H.264
 * ultrafast, AAC), a noisy speech-like mono WAV (a syllable-rate modulated
 * two-tone "voice" gated into phrases, over pink noise) and a grainy 4000x3000 JPEG.
 */
export async function makeInputs(dir: string, seconds: number, signal: AbortSignal): Promise<BenchInputs> {
  const video = await lavfi(dir, 'clip.mp4', `${seconds} s 1920x1080 25 fps testsrc2 + 440 Hz sine, H.264 ultrafast / AAC`, [
    '-f', 'lavfi', '-i', `testsrc2=size=1920x1080:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k', '-shortest',
  ], signal);
  const voice = "volume='0.5*(0.55+0.45*sin(2*PI*3.7*t))*lt(mod(t,4.3),3.1)':eval=frame";
  const audio = await lavfi(dir, 'speech.wav', `${seconds} s 48 kHz mono 16-bit WAV, modulated 200 + 1200 Hz tones gated into phrases + pink noise`, [
    '-f', 'lavfi', '-i', `sine=frequency=200:sample_rate=48000:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=1200:sample_rate=48000:duration=${seconds}`,
    '-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.05:sample_rate=48000:duration=${seconds}:seed=7`,
    '-filter_complex', `[0][1]amix=inputs=2:normalize=0,${voice}[v];[v][2]amix=inputs=2:normalize=0`,
    '-ac', '1', '-ar', '48000', '-c:a', 'pcm_s16le',
  ], signal);
  const image = await lavfi(dir, 'still.jpg', '4000x3000 testsrc2 frame with grain (photo-like entropy), JPEG q2', [
    '-f', 'lavfi', '-i', 'testsrc2=size=4000x3000:rate=1:duration=1',
    '-vf', 'noise=alls=12:allf=t+u', '-frames:v', '1', '-pix_fmt', 'yuvj420p', '-q:v', '2',
  ], signal);
  return { video, audio, image };
}
