import { ErrorCode, isSpoolErrorPayload, type SpoolErrorPayload } from '@spool/contracts';

/**
 * An error that came back from apps/jobs (or could not reach it), carrying
 * the problem it describes so the gateway can answer with it as it is.
 */
export class RemoteError extends Error {
  constructor(readonly problem: SpoolErrorPayload) {
    super(problem.detail ?? problem.title);
    this.name = 'RemoteError';
  }

  static from(err: unknown): RemoteError {
    if (err instanceof RemoteError) return err;
    if (isSpoolErrorPayload(err)) return new RemoteError(err);
    const message = err instanceof Error ? err.message : typeof err === 'string' ? err : JSON.stringify(err);
    return new RemoteError({
      status: 503,
      code: ErrorCode.SERVICE_UNAVAILABLE,
      title: 'The jobs service did not answer',
      detail: message,
    });
  }

  /** Only failures to get an answer are worth retrying; an answer that is an error is final. */
  get retryable(): boolean {
    return this.problem.code === ErrorCode.SERVICE_UNAVAILABLE;
  }
}
