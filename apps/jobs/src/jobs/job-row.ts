import { INTERNAL_KEY_PREFIX, type JobError, type JobStatus, type JobView } from '@spool/contracts';

const columns = (j: string): string => `
  ${j}id, ${j}owner_id, ${j}project, ${j}type, ${j}status, ${j}priority, ${j}input, ${j}output, ${j}progress,
  ${j}message, ${j}attempt, ${j}max_attempts, ${j}timeout_seconds, ${j}idempotency_key, ${j}last_error, ${j}errors,
  ${j}cancel_reason, ${j}cancel_requested_at, ${j}worker_id, ${j}run_at, ${j}lease_expires_at, ${j}created_at,
  ${j}started_at, ${j}finished_at, ${j}updated_at, ${j}created_at::text AS cursor_at`;

/** Columns every job read selects (table aliased `j`); `depends_on` is gathered from job_dependencies. */
export const JOB_SELECT = `${columns('j.')},
  CASE WHEN j.has_dependencies
       THEN ARRAY(SELECT d.depends_on_id FROM job_dependencies d WHERE d.job_id = j.id ORDER BY d.depends_on_id)
       ELSE '{}'::uuid[] END AS depends_on`;

export interface JobRow {
  id: string;
  owner_id: string;
  project: string | null;
  type: string;
  status: JobStatus;
  priority: number;
  input: Record<string, unknown>;
  output: Record<string, unknown> | null;
  progress: number;
  message: string | null;
  attempt: number;
  max_attempts: number;
  timeout_seconds: number;
  idempotency_key: string | null;
  last_error: JobError | null;
  errors: JobError[];
  cancel_reason: string | null;
  cancel_requested_at: Date | null;
  worker_id: string | null;
  run_at: Date;
  lease_expires_at: Date | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
  cursor_at: string;
  depends_on: string[];
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toJobView(row: JobRow): JobView {
  return {
    id: row.id,
    ownerId: row.owner_id,
    project: row.project,
    type: row.type,
    status: row.status,
    priority: row.priority,
    input: row.input,
    output: row.output,
    progress: row.progress,
    message: row.message,
    attempt: row.attempt,
    maxAttempts: row.max_attempts,
    timeoutSeconds: row.timeout_seconds,
    dependsOn: row.depends_on,
    idempotencyKey: row.idempotency_key?.startsWith(INTERNAL_KEY_PREFIX) ? null : row.idempotency_key,
    lastError: row.last_error,
    errors: row.errors,
    cancelReason: row.cancel_reason,
    cancelRequested: row.cancel_requested_at !== null,
    workerId: row.worker_id,
    runAt: row.run_at.toISOString(),
    leaseExpiresAt: iso(row.lease_expires_at),
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    updatedAt: row.updated_at.toISOString(),
  };
}
