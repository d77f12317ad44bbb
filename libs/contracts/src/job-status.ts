export const JOB_STATUSES = ['blocked', 'pending', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export const TERMINAL_STATUSES: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];
export const isTerminal = (status: JobStatus): boolean => TERMINAL_STATUSES.includes(status);

/** Job type names: lower-case dotted words, e.g. `video.proxy`, `test.noop`. */
export const JOB_TYPE_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
export const JOB_TYPE_MAX_LENGTH = 100;
