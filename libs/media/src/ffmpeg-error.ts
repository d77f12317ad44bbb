import { AttemptErrorCode } from '@spool/contracts';
import { JobError } from '@spool/worker-runtime';
import type { ToolSpawnError } from './run-tool.js';

/** ffmpeg or ffprobe failed; `stderrTail` holds the end of what it printed. */
export class FfmpegError extends JobError {
  constructor(
    message: string,
    code: typeof AttemptErrorCode.MEDIA_UNDECODABLE | typeof AttemptErrorCode.MEDIA_TOOL_FAILED,
    readonly stderrTail: string,
    readonly exitCode: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, code, code !== AttemptErrorCode.MEDIA_UNDECODABLE, options);
  }
}

/** Problems of the machine, not of the input: a retry elsewhere or later may work. */
const ENVIRONMENT = [
  /No space left on device/i,
  /Cannot allocate memory/i,
  /Too many open files/i,
  /Resource temporarily unavailable/i,
  /Input\/output error/i,
];

/** The input cannot be opened, demuxed or decoded: retrying cannot help. */
const UNDECODABLE = [
  /Invalid data found when processing input/i,
  /moov atom not found/i,
  /could not find codec parameters/i,
  /Error while decoding/i,
  /does not contain any stream/i,
  /matches no streams/i,
  /not on whitelist/i,
  /Unsafe file name/i,
  /Impossible to open/i,
  /Error when loading first segment/i,
  /EBML header parsing failed/i,
  /Invalid NAL unit size/i,
  /Header missing/i,
  /End of file/i,
  /Invalid frame dimensions/i,
  /no frame!/i,
];

/** `<input path>: <reason>` lines whose reason is the environment's fault, not the file's. */
const INPUT_LINE_NOT_THE_FILE = /No such file or directory|Permission denied|Operation not permitted|Is a directory/i;

export interface FfmpegFailure {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderrTail: string;
  /** Absolute paths of the run's inputs, to tell an input's error line from an output's. */
  inputs: string[];
}

export function classifyFfmpegFailure(failure: FfmpegFailure, tool = 'ffmpeg'): FfmpegError {
  const { stderrTail: tail } = failure;
  const lines = tail.split('\n').map((l) => l.trim()).filter(Boolean);
  const lastLine = lines[lines.length - 1] ?? '';
  const how = failure.signal ? `was killed by ${failure.signal}` : `exited with code ${failure.code}`;

  const inputLine = lines.find((l) => failure.inputs.some((p) => l.startsWith(`${p}: `)) && !INPUT_LINE_NOT_THE_FILE.test(l));
  const undecodable =
    !failure.signal && !ENVIRONMENT.some((re) => re.test(tail)) && (inputLine !== undefined || UNDECODABLE.some((re) => re.test(tail)));

  if (undecodable) {
    const reason = lines.find((l) => UNDECODABLE.some((re) => re.test(l))) ?? inputLine ?? lastLine;
    return new FfmpegError(
      `The input could not be decoded: ${reason}`,
      AttemptErrorCode.MEDIA_UNDECODABLE,
      tail,
      failure.code,
    );
  }
  return new FfmpegError(
    `${tool} ${how}${lastLine ? `: ${lastLine}` : ''}`,
    AttemptErrorCode.MEDIA_TOOL_FAILED,
    tail,
    failure.code,
  );
}

export function spawnFailed(err: ToolSpawnError, envVar: string): FfmpegError {
  return new FfmpegError(
    `Could not start ${err.command} (${err.errno ?? err.message}); is it installed, or is ${envVar} wrong?`,
    AttemptErrorCode.MEDIA_TOOL_FAILED,
    '',
    null,
    { cause: err },
  );
}
