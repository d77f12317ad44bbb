import type { JobStatus } from './job-status.js';

/** Who is asking: a user (ownerId) or an admin (no owner restriction). */
export interface Caller {
  ownerId: string | null;
  admin?: boolean;
}

/** Idempotency keys apps/jobs makes itself (from request ids) start with this; callers' keys may not. */
export const INTERNAL_KEY_PREFIX = '~';

/** The caller of admin routes: every owner's jobs. */
export const ADMIN_CALLER: Caller = Object.freeze({ ownerId: null, admin: true });

/** Event ids are PostgreSQL bigints, carried as decimal strings (SSE `id:`, Last-Event-ID). */
export const EVENT_ID_PATTERN = /^\d{1,19}$/;

/** Job and asset ids, as PostgreSQL prints uuids (lower case). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface CreateJobCommand {
  type: string;
  input?: Record<string, unknown>;
  project?: string;
  priority?: number;
  maxAttempts?: number;
  timeoutSeconds?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  runAt?: string;
  dependsOn?: string[];
  idempotencyKey?: string;
}

export interface CreateJobRequest {
  ownerId: string;
  job: CreateJobCommand;
  /** Set by the gateway per HTTP request so a retried NATS request never creates twice. */
  requestId: string;
}

export interface CreateJobsBatchRequest {
  ownerId: string;
  jobs: CreateJobCommand[];
  requestId: string;
}

/** `created` is false when an idempotency key returned an existing job. */
export interface CreateJobResult<T> {
  job: T;
  created: boolean;
}

export interface GetJobRequest {
  caller: Caller;
  jobId: string;
}

export interface ListJobsRequest {
  caller: Caller;
  status?: JobStatus[];
  type?: string;
  project?: string;
  ownerId?: string;
  /** Admin only: running past its lease, or for longer than `stuckMinutes`. */
  stuck?: boolean;
  stuckMinutes?: number;
  cursor?: string;
  limit?: number;
}

export interface JobActionRequest {
  caller: Caller;
  jobId: string;
  reason?: string;
}

export interface ListEventsRequest {
  caller: Caller;
  jobId?: string;
  /** Events with a larger id than this one (SSE Last-Event-ID). */
  afterId?: string;
  limit?: number;
}

export interface CleanupRequest {
  olderThanDays: number;
}

export interface CleanupResult {
  deletedJobs: number;
  olderThanDays: number;
}

export interface QueueTypeStats {
  type: string;
  counts: Record<JobStatus, number>;
  oldestPendingAgeSeconds: number | null;
  completedLast5m: number;
  failedLast5m: number;
}

export interface QueueStats {
  types: QueueTypeStats[];
  totals: Record<JobStatus, number>;
  liveWorkers: number;
  at: string;
}
