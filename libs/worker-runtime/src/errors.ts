/**
 * Errors a processor throws to say how its job failed. Anything else thrown
 * is treated as retryable.
 */
export class JobError extends Error {
  constructor(
    message: string,
    readonly code = 'PROCESSOR_ERROR',
    readonly retryable = true,
    options?: { cause?: unknown; provider?: string },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.provider = options?.provider;
  }
  readonly provider?: string;
}

/** Bad input or anything a retry cannot fix: the job fails at once. */
export class NonRetryableError extends JobError {
  constructor(message: string, code = 'NON_RETRYABLE', options?: { cause?: unknown; provider?: string }) {
    super(message, code, false, options);
  }
}

/** Reasons the runtime aborts a job's signal; the processor sees them as `signal.reason`. */
export class JobCanceledError extends JobError {
  constructor(reason = 'cancel requested') {
    super(`Job canceled: ${reason}`, 'CANCELED', false);
  }
}

export class JobTimeoutError extends JobError {
  constructor(seconds: number) {
    super(`Job ran longer than its timeout of ${seconds} s`, 'JOB_TIMEOUT', true);
  }
}

export class LeaseLostError extends JobError {
  constructor() {
    super('The lease on this job was lost (expired or taken over); its result will be discarded', 'LEASE_LOST', true);
  }
}

export class WorkerShutdownError extends JobError {
  constructor() {
    super('The worker is shutting down and the grace period ran out', 'WORKER_SHUTDOWN', true);
  }
}
