import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  expandCreateBatchReply,
  JobsSubjects,
  type Caller,
  type CreateJobRequest,
  type CreateJobResult,
  type CreateJobsBatchReply,
  type CreateJobsBatchRequest,
  type GetJobRequest,
  type JobActionRequest,
  type JobView,
  type ListJobsRequest,
  type Page,
} from '@spool/contracts';
import { JobsClient } from '@spool/messaging';
import type { CreateJobDto } from './dto/create-job.dto.js';
import type { BatchJobDto } from './dto/create-jobs-batch.dto.js';
import type { ListJobsQuery } from './dto/list-jobs.query.js';

/**
 * The user's job API, served by apps/jobs. Each HTTP request gets its own
 * request id, so a NATS request retried by JobsClient never creates twice.
 */
@Injectable()
export class JobsService {
  constructor(private readonly client: JobsClient) {}

  create(ownerId: string, job: CreateJobDto, idempotencyKey?: string): Promise<CreateJobResult<JobView>> {
    return this.client.send<CreateJobResult<JobView>, CreateJobRequest>(JobsSubjects.create, {
      ownerId,
      job: { ...job, idempotencyKey },
      requestId: randomUUID(),
    });
  }

  /** apps/jobs answers compactly (jobs created as asked come back as ids): expanded here to full views. */
  async createBatch(ownerId: string, jobs: BatchJobDto[]): Promise<CreateJobResult<JobView>[]> {
    const reply = await this.client.send<CreateJobsBatchReply, CreateJobsBatchRequest>(JobsSubjects.createBatch, {
      ownerId,
      jobs,
      requestId: randomUUID(),
    });
    return expandCreateBatchReply(ownerId, jobs, reply);
  }

  get(caller: Caller, jobId: string): Promise<JobView> {
    return this.client.send<JobView, GetJobRequest>(JobsSubjects.get, { caller, jobId });
  }

  list(caller: Caller, query: ListJobsQuery): Promise<Page<JobView>> {
    return this.client.send<Page<JobView>, ListJobsRequest>(JobsSubjects.list, { caller, ...query });
  }

  cancel(caller: Caller, jobId: string, reason?: string): Promise<JobView> {
    return this.client.send<JobView, JobActionRequest>(JobsSubjects.cancel, { caller, jobId, reason });
  }

  retry(caller: Caller, jobId: string): Promise<JobView> {
    return this.client.send<JobView, JobActionRequest>(JobsSubjects.retry, { caller, jobId });
  }
}
