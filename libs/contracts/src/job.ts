import type { JobStatus } from './job-status.js';

/** A failed attempt, as stored in `jobs.errors` and `jobs.last_error`. */
export interface JobError {
  name: string;
  message: string;
  code: string;
  stack?: string;
  retryable: boolean;
  attempt: number;
  workerId: string | null;
  provider?: string | null;
  at: string;
}

/** The public shape of a job, as the REST API returns it. */
export interface JobView {
  id: string;
  ownerId: string;
  project: string | null;
  type: string;
  status: JobStatus;
  priority: number;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  progress: number;
  message: string | null;
  attempt: number;
  maxAttempts: number;
  timeoutSeconds: number;
  dependsOn: string[];
  idempotencyKey: string | null;
  lastError: JobError | null;
  errors: JobError[];
  cancelReason: string | null;
  cancelRequested: boolean;
  workerId: string | null;
  runAt: string;
  leaseExpiresAt: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

/** A row of `job_events`, also the payload published on `job.events.<jobId>`. */
export interface JobEventView {
  id: string;
  jobId: string;
  ownerId: string;
  type: string;
  status: JobStatus;
  seq: number;
  kind: JobEventKind;
  data: Record<string, unknown>;
  at: string;
}

export const JOB_EVENT_KINDS = [
  'created',
  'released',
  'started',
  'progress',
  'succeeded',
  'attempt_failed',
  'failed',
  'cancel_requested',
  'canceled',
  'retried',
  'lease_expired',
] as const;
export type JobEventKind = (typeof JOB_EVENT_KINDS)[number];

export interface JobTypeView {
  type: string;
  description: string | null;
  inputSchema: Record<string, unknown>;
  timeoutSeconds: number;
  maxAttempts: number;
  workers: number;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
