import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ADMIN_CALLER,
  AdminSubjects,
  type CleanupRequest,
  type CleanupResult,
  type JobActionRequest,
  type JobView,
  type ListJobsRequest,
  type Page,
  type QueueStats,
  type WorkerView,
} from '@spool/contracts';
import { JobsService } from '../jobs/jobs.service.js';
import { WorkersService } from '../workers/workers.service.js';
import { AdminService } from './admin.service.js';
import { RpcExceptionFilter } from '../rpc/rpc-exception.filter.js';

/** Admin requests: the gateway has checked the admin key; these see every owner's jobs. */
@Controller()
@UseFilters(RpcExceptionFilter)
export class AdminController {
  constructor(
    private readonly admin: AdminService,
    private readonly jobs: JobsService,
    private readonly workers: WorkersService,
  ) {}

  @MessagePattern(AdminSubjects.queue)
  queue(): Promise<QueueStats> {
    return this.admin.queue();
  }

  @MessagePattern(AdminSubjects.jobs)
  list(@Payload() req: ListJobsRequest): Promise<Page<JobView>> {
    return this.jobs.list({ ...req, caller: ADMIN_CALLER });
  }

  @MessagePattern(AdminSubjects.retry)
  retry(@Payload() req: JobActionRequest): Promise<JobView> {
    return this.jobs.retry(ADMIN_CALLER, req.jobId);
  }

  @MessagePattern(AdminSubjects.cancel)
  cancel(@Payload() req: JobActionRequest): Promise<JobView> {
    return this.jobs.cancel(ADMIN_CALLER, req.jobId, req.reason ?? 'canceled by an admin');
  }

  @MessagePattern(AdminSubjects.workers)
  workersList(): Promise<WorkerView[]> {
    return this.workers.list();
  }

  @MessagePattern(AdminSubjects.cleanup)
  cleanup(@Payload() req: CleanupRequest): Promise<CleanupResult> {
    return this.admin.cleanup(req.olderThanDays);
  }
}
