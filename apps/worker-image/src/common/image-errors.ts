import { AttemptErrorCode, ErrorCode } from '@spool/contracts';
import { JobError, NonRetryableError } from '@spool/worker-runtime';

/** The options ask for something this image cannot give (crop outside it, output too large...). */
export const invalidInput = (message: string): NonRetryableError => new NonRetryableError(message, ErrorCode.INVALID_JOB_INPUT);

/** The input is not an image sharp can decode (or is not an allowed format): retrying cannot help. */
export const undecodable = (message: string, cause?: unknown): NonRetryableError =>
  new NonRetryableError(message, AttemptErrorCode.MEDIA_UNDECODABLE, { cause });

/** Messages libvips and sharp give for input that is corrupt, truncated or not an image at all. */
const DECODE_FAILURE =
  /unsupported image format|corrupt header|premature end|read error|bad seek|invalid input|unexpected end|truncated|not a known file format|unable to parse|out of order read|vips(jpeg|png|webp|tiff|gif|heif)|(jpeg|png|webp|tiff|gif|heif)load/i;

/**
 * Turns whatever sharp threw into the JobError that says how the job failed.
 * `stage` is what sharp was doing: reading the header (any failure there is the
 * input's fault) or running the pipeline (the input's fault only when a decoder says so).
 */
export function sharpFailure(err: unknown, stage: 'metadata' | 'pipeline'): JobError {
  if (err instanceof JobError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const first = message.split('\n')[0];
  if (/exceeds pixel limit/i.test(message)) {
    return new NonRetryableError(`The image is too large: ${first}`, AttemptErrorCode.INPUT_TOO_LARGE, { cause: err });
  }
  if (/bad extract area/i.test(message)) return invalidInput('The crop region lies outside the image');
  if (/too large for the \w+ format/i.test(message)) return invalidInput(`The output would be too large: ${first}`);
  // sharp's own parameter checks ("Expected ... for x but received y").
  if (/^Expected /.test(message)) return invalidInput(`Invalid image options: ${first}`);
  if (/timeout/i.test(first)) {
    return new JobError(`sharp ran past its time limit: ${first}`, AttemptErrorCode.JOB_TIMEOUT, true, { cause: err });
  }
  if (/input file is missing/i.test(message)) {
    return new JobError(`sharp could not find its input: ${first}`, AttemptErrorCode.MEDIA_TOOL_FAILED, true, { cause: err });
  }
  if (stage === 'metadata' || DECODE_FAILURE.test(message)) return undecodable(`The input could not be decoded as an image: ${first}`, err);
  return new JobError(`sharp failed: ${first}`, AttemptErrorCode.MEDIA_TOOL_FAILED, true, { cause: err });
}

/**
 * Waits for `work` unless `signal` fires first, in which case it rejects with
 * the signal's reason at once. sharp cannot be stopped mid-pipeline: the
 * abandoned work finishes (or fails) in the background and its result is dropped.
 */
export async function untilAborted<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  signal.throwIfAborted();
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
