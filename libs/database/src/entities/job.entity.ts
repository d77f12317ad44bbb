import { JOB_STATUSES, type JobError, type JobStatus } from '@spool/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Mirrors the `jobs` table made by the migrations; the lifecycle writes it with guarded SQL. */
@Entity({ name: 'jobs' })
export class JobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'varchar', length: 200 })
  ownerId: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  project: string | null;

  @Column({ type: 'varchar', length: 100 })
  type: string;

  @Column({ type: 'enum', enum: JOB_STATUSES, enumName: 'job_status' })
  status: JobStatus;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  input: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: true })
  output: Record<string, unknown> | null;

  @Column({ type: 'smallint', default: 0 })
  progress: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  message: string | null;

  @Column({ type: 'integer', default: 0 })
  attempt: number;

  @Column({ name: 'max_attempts', type: 'integer', default: 3 })
  maxAttempts: number;

  @Column({ name: 'timeout_seconds', type: 'integer' })
  timeoutSeconds: number;

  @Column({ name: 'backoff_ms', type: 'integer', default: 1000 })
  backoffMs: number;

  @Column({ name: 'max_backoff_ms', type: 'integer', default: 300000 })
  maxBackoffMs: number;

  @Column({ name: 'pending_dependencies', type: 'integer', default: 0 })
  pendingDependencies: number;

  @Column({ name: 'has_dependencies', type: 'boolean', default: false })
  hasDependencies: boolean;

  @Column({ name: 'has_dependents', type: 'boolean', default: false })
  hasDependents: boolean;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 255, nullable: true })
  idempotencyKey: string | null;

  @Column({ name: 'lease_token', type: 'uuid', nullable: true })
  leaseToken: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  /** The claim request that leased the job (see ClaimRequest.claimId). */
  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId: string | null;

  @Column({ name: 'worker_id', type: 'varchar', length: 200, nullable: true })
  workerId: string | null;

  @Column({ name: 'cancel_requested_at', type: 'timestamptz', nullable: true })
  cancelRequestedAt: Date | null;

  @Column({ name: 'cancel_reason', type: 'varchar', length: 500, nullable: true })
  cancelReason: string | null;

  @Column({ name: 'last_error', type: 'jsonb', nullable: true })
  lastError: JobError | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  errors: JobError[];

  @Column({ name: 'event_seq', type: 'integer', default: 0 })
  eventSeq: number;

  @Column({ name: 'run_at', type: 'timestamptz', default: () => 'now()' })
  runAt: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** The asset whose `processing_status` this job drives (the ingest jobs). */
  @Column({ name: 'asset_id', type: 'uuid', nullable: true })
  assetId: string | null;
}
