import { resolve } from 'node:path';
import { formatWhitelistArgs, safeDemuxers } from './demuxer-whitelist.js';
import { ffmpegBinary } from './ffmpeg.js';
import { classifyFfmpegFailure, spawnFailed } from './ffmpeg-error.js';
import { runTool, ToolSpawnError } from './run-tool.js';
import { RAW_TAIL, scrubStderr } from './stderr-scrub.js';

export interface AnalysisOptions {
  ffmpegPath?: string;
  signal?: AbortSignal;
}

export interface AnalysisRun extends AnalysisOptions {
  path: string;
  inputOptions?: string[];
  /** Filters and mapping; output goes to the null muxer. */
  args: string[];
  loglevel: 'error' | 'info';
  onStdout?: (chunk: string) => void;
}

/**
 * Decodes one local file into ffmpeg's null muxer to measure it (loudness,
 * signal statistics). Same input restrictions and error classes as runFfmpeg.
 */
/** Resolves with the stderr tail (up to 16 KB: loudnorm's report is at its end). */
export async function runAnalysis(run: AnalysisRun): Promise<string> {
  const binary = ffmpegBinary(run.ffmpegPath);
  const file = resolve(run.path);
  const inputOptions = run.inputOptions ?? [];
  try {
    const args = [
      '-hide_banner', '-nostdin', '-nostats', '-loglevel', run.loglevel,
      '-protocol_whitelist', 'file', ...(await formatWhitelistArgs(binary, inputOptions)), ...inputOptions, '-i', file,
      ...run.args, '-f', 'null', '-',
    ];
    const exit = await runTool({ command: binary, args, signal: run.signal, onStdout: run.onStdout, stderrTail: RAW_TAIL });
    if (exit.code !== 0) {
      const stderrTail = scrubStderr(exit.stderrTail, { whitelist: await safeDemuxers(binary) });
      throw classifyFfmpegFailure({ ...exit, stderrTail, inputs: [file] });
    }
    return exit.stderrTail;
  } catch (err) {
    if (err instanceof ToolSpawnError) throw spawnFailed(err, 'FFMPEG_PATH');
    throw err;
  }
}
