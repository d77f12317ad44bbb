import { basename, resolve } from 'node:path';
import type { MediaProbe } from '@spool/contracts';
import { AttemptErrorCode } from '@spool/contracts';
import { NonRetryableError } from '@spool/worker-runtime';
import { formatWhitelistArgs, safeDemuxers } from './demuxer-whitelist.js';
import { classifyFfmpegFailure, spawnFailed } from './ffmpeg-error.js';
import { mapProbe, type FfprobeOutput } from './probe-mapping.js';
import { runTool, ToolSpawnError } from './run-tool.js';
import { RAW_TAIL, scrubStderr } from './stderr-scrub.js';

export interface ProbeOptions {
  ffprobePath?: string;
  signal?: AbortSignal;
}

export const ffprobeBinary = (path?: string): string => path || process.env.FFPROBE_PATH || 'ffprobe';

const MAX_JSON_CHARS = 8 * 1024 * 1024;

/**
 * ffprobe a local file (file protocol only, playlist-like demuxers refused).
 * A file ffprobe cannot read, or one without streams, is a NonRetryableError
 * MEDIA_UNDECODABLE; a missing ffprobe is a retryable MEDIA_TOOL_FAILED.
 */
export async function probeMedia(path: string, opts: ProbeOptions = {}): Promise<MediaProbe> {
  const binary = ffprobeBinary(opts.ffprobePath);
  const file = resolve(path);
  const guard = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, guard.signal]) : guard.signal;
  let json = '';
  try {
    const args = ['-v', 'error', '-protocol_whitelist', 'file', ...(await formatWhitelistArgs(binary)), '-print_format', 'json', '-show_format', '-show_streams', file];
    const exit = await runTool({
      command: binary,
      args,
      signal,
      stderrTail: RAW_TAIL,
      onStdout: (chunk) => {
        json += chunk;
        if (json.length > MAX_JSON_CHARS) guard.abort(undecodable('ffprobe printed an unreasonable amount of metadata'));
      },
    });
    if (exit.code !== 0) {
      const stderrTail = scrubStderr(exit.stderrTail, { whitelist: await safeDemuxers(binary) }).split(file).join(basename(file));
      const failure = classifyFfmpegFailure({ ...exit, stderrTail, inputs: [basename(file)] }, 'ffprobe');
      if (failure.retryable) throw failure;
      throw undecodable(lastLine(stderrTail) || `ffprobe exited with code ${exit.code}`, failure);
    }
    let parsed: FfprobeOutput;
    try {
      parsed = JSON.parse(json) as FfprobeOutput;
    } catch (err) {
      throw undecodable('ffprobe output is not JSON', err);
    }
    const probe = mapProbe(parsed);
    if (probe.streams.length === 0) throw undecodable('the file contains no audio, video or image stream');
    return probe;
  } catch (err) {
    if (err instanceof ToolSpawnError) throw spawnFailed(err, 'FFPROBE_PATH');
    throw err;
  }
}

/** The cause, when ffprobe failed, is the FfmpegError carrying its stderr tail. */
function undecodable(reason: string, cause?: unknown): NonRetryableError {
  return new NonRetryableError(`The media could not be read: ${reason}`, AttemptErrorCode.MEDIA_UNDECODABLE, { cause });
}

const lastLine = (text: string): string => text.trim().split('\n').pop()?.trim() ?? '';
