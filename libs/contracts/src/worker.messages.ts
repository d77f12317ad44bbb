import type { JobError } from './job.js';
import type { CompletionMedia } from './media.js';

export interface JobTypeDefinition {
  type: string;
  description?: string;
  /** JSON Schema (draft 2020-12 subset understood by Ajv) for `input`. */
  inputSchema: Record<string, unknown>;
  /** Longest a job of this type may run, per attempt. */
  timeoutSeconds: number;
  maxAttempts?: number;
}

export interface WorkerInfo {
  workerId: string;
  name: string;
  host: string;
  pid: number;
  version: string;
  concurrency: number;
  activeJobs: number;
  types: string[];
}

export interface RegisterWorkerRequest {
  worker: WorkerInfo;
  /** Sent on the first registration; heartbeats of the registry omit it. */
  definitions?: JobTypeDefinition[];
}

export interface DeregisterWorkerRequest {
  workerId: string;
}

/** The longest a claim waits in apps/jobs for work (`ClaimRequest.waitMs` is capped to it). */
export const MAX_CLAIM_WAIT_MS = 30_000;

export interface ClaimRequest {
  workerId: string;
  types: string[];
  max: number;
  leaseSeconds: number;
  /** Made by the worker per claim and kept when the request is sent again. */
  claimId?: string;
  /**
   * Set on a copy sent again after no reply came: the jobs this worker's
   * claim `claimId` already leased come back (same lease tokens), and only if
   * there are none is a new claim made.
   */
  repeat?: boolean;
  /**
   * When nothing is runnable, wait up to this long (capped at MAX_CLAIM_WAIT_MS) for a job
   * to become runnable before answering, possibly with no jobs: a long poll.
   */
  waitMs?: number;
}

/** A stopping worker's claims that wait for work answer at once, with nothing. */
export interface UnparkRequest {
  workerId: string;
}

export interface DependencyOutput {
  jobId: string;
  type: string;
  output: Record<string, unknown> | null;
}

export interface ClaimedJob {
  id: string;
  ownerId: string;
  type: string;
  input: Record<string, unknown>;
  attempt: number;
  maxAttempts: number;
  timeoutSeconds: number;
  leaseToken: string;
  leaseExpiresAt: string;
  dependencies: DependencyOutput[];
}

export interface ClaimResult {
  jobs: ClaimedJob[];
}

export interface LeaseRef {
  jobId: string;
  leaseToken: string;
}

export interface HeartbeatItem extends LeaseRef {
  progress?: number;
  message?: string;
}

export interface HeartbeatRequest {
  workerId: string;
  leaseSeconds: number;
  items: HeartbeatItem[];
}

export interface HeartbeatItemResult {
  jobId: string;
  /** false: the lease is no longer this worker's (expired, reaped, or timed out). */
  ok: boolean;
  cancelRequested: boolean;
}

export interface HeartbeatResult {
  items: HeartbeatItemResult[];
}

export interface CompleteItem extends LeaseRef {
  output?: Record<string, unknown>;
  /** Output assets and probe results, written in the same transaction as `succeeded`. */
  media?: CompletionMedia;
}

export interface CompleteRequest {
  workerId: string;
  items: CompleteItem[];
}

export type FailureReport = Omit<JobError, 'attempt' | 'workerId' | 'at'>;

export interface FailItem extends LeaseRef {
  error: FailureReport;
}

export interface FailRequest {
  workerId: string;
  items: FailItem[];
}

export interface ReleaseRequest {
  workerId: string;
  items: LeaseRef[];
}

/** Per item: accepted, or refused because the lease token is stale. */
export interface LeaseOutcome {
  jobId: string;
  ok: boolean;
}

export interface LeaseOutcomes {
  items: LeaseOutcome[];
}

export interface WakeupHint {
  type: string;
  count: number;
  /** The apps/jobs replica that sent it (replicas serve their own waiting claims before publishing). */
  origin?: string;
}

/** A row of the `workers` registry, as admins see it. */
export interface WorkerView extends WorkerInfo {
  startedAt: string;
  lastSeenAt: string;
  alive: boolean;
}
