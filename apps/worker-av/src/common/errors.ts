import { AttemptErrorCode, ErrorCode } from '@spool/contracts';
import { NonRetryableError } from '@spool/worker-runtime';

/** The output was made but is not what was asked: a retry would make the same file. */
export const outputMismatch = (message: string): NonRetryableError =>
  new NonRetryableError(`Output check failed: ${message}`, AttemptErrorCode.OUTPUT_MISMATCH);

/** The input (options, or what the source turned out to be) cannot give what was asked. */
export const invalidInput = (message: string): NonRetryableError => new NonRetryableError(message, ErrorCode.INVALID_JOB_INPUT);
