import { Injectable } from '@nestjs/common';
import { NonRetryableError, Processor, type JobContext, type JobProcessor } from '@spool/worker-runtime';

/**
 * Processors for exercising the lifecycle from tests and benchmarks: each
 * behaves in one known way (succeed, fail N times, fail for good, hang,
 * report progress).
 */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

@Injectable()
@Processor({
  type: 'test.noop',
  description: 'Succeeds at once (optionally after `sleepMs`), echoing its input and its dependencies\' outputs.',
  inputSchema: { type: 'object', properties: { sleepMs: { type: 'integer', minimum: 0, maximum: 600000 } }, additionalProperties: true },
  timeoutSeconds: 60,
})
export class NoopProcessor implements JobProcessor {
  async process(job: JobContext<{ sleepMs?: number }>) {
    // Wall-clock start with sub-millisecond precision, for dispatch-latency measurements.
    const startedAtMs = performance.timeOrigin + performance.now();
    if (job.input.sleepMs) await sleep(job.input.sleepMs, job.signal);
    return { echo: job.input, attempt: job.attempt, dependencies: job.dependencies.map((d) => d.jobId), startedAtMs };
  }
}

@Injectable()
@Processor({
  type: 'test.flaky',
  description: 'Fails its first `failTimes` attempts with a retryable error, then succeeds.',
  inputSchema: {
    type: 'object',
    required: ['failTimes'],
    properties: { failTimes: { type: 'integer', minimum: 0, maximum: 25 } },
    additionalProperties: false,
  },
  timeoutSeconds: 30,
})
export class FlakyProcessor implements JobProcessor {
  async process(job: JobContext<{ failTimes: number }>) {
    if (job.attempt <= job.input.failTimes) throw new Error(`flaky failure on attempt ${job.attempt}`);
    return { succeededOnAttempt: job.attempt };
  }
}

@Injectable()
@Processor({
  type: 'test.fail-hard',
  description: 'Fails with a non-retryable error.',
  inputSchema: { type: 'object', properties: { reason: { type: 'string', maxLength: 200 } }, additionalProperties: false },
  timeoutSeconds: 30,
})
export class FailHardProcessor implements JobProcessor {
  async process(job: JobContext<{ reason?: string }>): Promise<never> {
    throw new NonRetryableError(job.input.reason ?? 'bad input', 'BAD_INPUT');
  }
}

@Injectable()
@Processor({
  type: 'test.hang',
  description: 'Runs until its signal fires (cancel, lost lease, timeout, shutdown), or for `ms` then succeeds.',
  inputSchema: { type: 'object', properties: { ms: { type: 'integer', minimum: 0 } }, additionalProperties: false },
  timeoutSeconds: 120,
})
export class HangProcessor implements JobProcessor {
  async process(job: JobContext<{ ms?: number }>) {
    job.progress(1, 'hanging');
    await sleep(job.input.ms ?? 3_600_000, job.signal);
    return { hungMs: job.input.ms ?? null };
  }
}

@Injectable()
@Processor({
  type: 'test.progress',
  description: 'Reports progress in `steps` steps, `stepMs` apart.',
  inputSchema: {
    type: 'object',
    required: ['steps'],
    properties: { steps: { type: 'integer', minimum: 1, maximum: 100 }, stepMs: { type: 'integer', minimum: 0, maximum: 60000 } },
    additionalProperties: false,
  },
  timeoutSeconds: 600,
})
export class ProgressProcessor implements JobProcessor {
  async process(job: JobContext<{ steps: number; stepMs?: number }>) {
    for (let i = 1; i <= job.input.steps; i++) {
      await sleep(job.input.stepMs ?? 300, job.signal);
      job.progress((i / job.input.steps) * 100, `step ${i} of ${job.input.steps}`);
    }
    return { steps: job.input.steps };
  }
}

export const TEST_PROCESSORS = [NoopProcessor, FlakyProcessor, FailHardProcessor, HangProcessor, ProgressProcessor];
