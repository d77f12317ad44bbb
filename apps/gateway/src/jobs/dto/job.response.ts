import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { JOB_STATUSES, type CreateJobResult, type JobError, type JobStatus, type JobView, type Page } from '@spool/contracts';

export class JobErrorResponse implements JobError {
  @ApiProperty({ example: 'ProviderError' })
  name: string;

  @ApiProperty()
  message: string;

  @ApiProperty({ example: 'LEASE_EXPIRED' })
  code: string;

  @ApiPropertyOptional({ description: 'Only shown to the job owner when the worker reported one' })
  stack?: string;

  @ApiProperty()
  retryable: boolean;

  @ApiProperty()
  attempt: number;

  @ApiProperty({ type: String, nullable: true })
  workerId: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  provider?: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class JobResponse implements JobView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  ownerId: string;

  @ApiProperty({ type: String, nullable: true })
  project: string | null;

  @ApiProperty({ example: 'video.proxy' })
  type: string;

  @ApiProperty({ enum: JOB_STATUSES, enumName: 'JobStatus' })
  status: JobStatus;

  @ApiProperty()
  priority: number;

  @ApiProperty({ type: 'object', additionalProperties: true })
  input: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  output: Record<string, unknown> | null;

  @ApiProperty({ minimum: 0, maximum: 100 })
  progress: number;

  @ApiProperty({ type: String, nullable: true })
  message: string | null;

  @ApiProperty()
  attempt: number;

  @ApiProperty()
  maxAttempts: number;

  @ApiProperty()
  timeoutSeconds: number;

  @ApiProperty({ type: [String], format: 'uuid' })
  dependsOn: string[];

  @ApiProperty({ type: String, nullable: true })
  idempotencyKey: string | null;

  @ApiProperty({ type: JobErrorResponse, nullable: true })
  lastError: JobErrorResponse | null;

  @ApiProperty({ type: [JobErrorResponse] })
  errors: JobErrorResponse[];

  @ApiProperty({ type: String, nullable: true })
  cancelReason: string | null;

  @ApiProperty()
  cancelRequested: boolean;

  @ApiProperty({ type: String, nullable: true })
  workerId: string | null;

  @ApiProperty({ format: 'date-time' })
  runAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  leaseExpiresAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class JobPageResponse implements Page<JobView> {
  @ApiProperty({ type: [JobResponse] })
  items: JobResponse[];

  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` to get the next page; null on the last one' })
  nextCursor: string | null;
}

export class CreatedJobResponse implements CreateJobResult<JobView> {
  @ApiProperty({ type: JobResponse })
  job: JobResponse;

  @ApiProperty({ description: 'false when an idempotency key returned a job created before' })
  created: boolean;
}

export class CreateJobsBatchResponse {
  @ApiProperty({ type: [CreatedJobResponse], description: 'In the order of the request' })
  items: CreatedJobResponse[];
}
