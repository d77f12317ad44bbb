import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  JobsSubjects,
  type CreateJobRequest,
  type CreateJobResult,
  type CreateJobsBatchReply,
  type CreateJobsBatchRequest,
  type GetJobRequest,
  type JobActionRequest,
  type JobEventView,
  type JobView,
  type ListEventsRequest,
  type ListJobsRequest,
  type Page,
} from '@spool/contracts';
import { JobsService } from './jobs.service.js';
import { RpcExceptionFilter } from '../rpc/rpc-exception.filter.js';

@Controller()
@UseFilters(RpcExceptionFilter)
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @MessagePattern(JobsSubjects.ping)
  ping(): { ok: true } {
    return { ok: true };
  }

  @MessagePattern(JobsSubjects.create)
  async create(@Payload() req: CreateJobRequest): Promise<CreateJobResult<JobView>> {
    const [result] = await this.jobs.create(req.ownerId, [req.job], req.requestId);
    return result!;
  }

  /** Answered compactly: see CreateJobsBatchReply. */
  @MessagePattern(JobsSubjects.createBatch)
  createBatch(@Payload() req: CreateJobsBatchRequest): Promise<CreateJobsBatchReply> {
    return this.jobs.createBatch(req.ownerId, req.jobs, req.requestId);
  }

  @MessagePattern(JobsSubjects.get)
  get(@Payload() req: GetJobRequest): Promise<JobView> {
    return this.jobs.get(req.caller, req.jobId);
  }

  @MessagePattern(JobsSubjects.list)
  list(@Payload() req: ListJobsRequest): Promise<Page<JobView>> {
    return this.jobs.list(req);
  }

  @MessagePattern(JobsSubjects.cancel)
  cancel(@Payload() req: JobActionRequest): Promise<JobView> {
    return this.jobs.cancel(req.caller, req.jobId, req.reason);
  }

  @MessagePattern(JobsSubjects.retry)
  retry(@Payload() req: JobActionRequest): Promise<JobView> {
    return this.jobs.retry(req.caller, req.jobId);
  }

  @MessagePattern(JobsSubjects.listEvents)
  listEvents(@Payload() req: ListEventsRequest): Promise<JobEventView[]> {
    return this.jobs.listEvents(req.caller, req.jobId, req.afterId, req.limit);
  }
}
