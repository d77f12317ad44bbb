import { stat } from 'node:fs/promises';
import { assertSafeOutputArgs } from './ffmpeg-args-guard.js';
import { classifyFfmpegFailure, spawnFailed } from './ffmpeg-error.js';
import { FfmpegProgressParser } from './ffmpeg-progress.js';
import { formatWhitelistArgs, safeDemuxers } from './demuxer-whitelist.js';
import { runTool, ToolSpawnError } from './run-tool.js';
import { RAW_TAIL, scrubStderr } from './stderr-scrub.js';
import { assertInsideWorkspace } from './workspace-path.js';

export interface FfmpegInput {
  path: string;
  /** Input options, placed before this input's -i (e.g. ['-ss', '3']). */
  options?: string[];
}

export interface FfmpegRun {
  inputs: FfmpegInput[];
  /** Everything after the inputs: filters, codecs, output options and the output path(s). */
  args: string[];
  /** Duration (s) that 100 % corresponds to; progress = out_time / duration. */
  durationSeconds?: number | null;
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
  ffmpegPath?: string;
  /** Directory every input path and output path must be inside (the job's workspace). */
  workspace: string;
}

export const ffmpegBinary = (path?: string): string => path || process.env.FFMPEG_PATH || 'ffmpeg';

/**
 * Runs ffmpeg on workspace files only. Every input is opened with
 * `-protocol_whitelist file` (ffmpeg never reaches the network, whatever a
 * playlist or concat list inside says) and, unless its options force a
 * format with -f, with a demuxer whitelist that excludes playlist-like
 * formats. Rejects with an FfmpegError (MEDIA_UNDECODABLE or
 * MEDIA_TOOL_FAILED) or, when aborted, with `signal.reason` after the child
 * has exited.
 */
export async function runFfmpeg(run: FfmpegRun): Promise<{ stderrTail: string }> {
  const binary = ffmpegBinary(run.ffmpegPath);
  const inputPaths = run.inputs.map((input, i) => assertInsideWorkspace(run.workspace, input.path, `ffmpeg input ${i}`));
  assertSafeOutputArgs(run.workspace, run.args);
  if (run.inputs.length === 0) throw new Error('ffmpeg needs at least one input');
  // A missing cwd would surface as a spawn ENOENT, indistinguishable from a missing ffmpeg.
  if (!(await stat(run.workspace).catch(() => null))?.isDirectory()) throw new Error(`The workspace ${run.workspace} is not a directory`);
  run.signal?.throwIfAborted();

  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-progress', 'pipe:1', '-nostats'];
  try {
    for (const [i, input] of run.inputs.entries()) {
      const options = input.options ?? [];
      args.push('-protocol_whitelist', 'file', ...(await formatWhitelistArgs(binary, options)), ...options, '-i', inputPaths[i]);
    }
    args.push(...run.args);

    const progress = new FfmpegProgressParser(run.durationSeconds, run.onProgress);
    const exit = await runTool({ command: binary, args, cwd: run.workspace, signal: run.signal, onStdout: (c) => progress.push(c), stderrTail: RAW_TAIL });
    const scrub = { workspace: run.workspace, whitelist: await safeDemuxers(binary) };
    const stderrTail = scrubStderr(exit.stderrTail, scrub);
    if (exit.code !== 0) {
      throw classifyFfmpegFailure({ ...exit, stderrTail, inputs: inputPaths.map((p) => scrubStderr(p, scrub)) });
    }
    progress.complete();
    return { stderrTail };
  } catch (err) {
    if (err instanceof ToolSpawnError) throw spawnFailed(err, 'FFMPEG_PATH');
    throw err;
  }
}
