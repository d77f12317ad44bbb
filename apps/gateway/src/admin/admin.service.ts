import { Injectable } from '@nestjs/common';
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
import { JobsClient } from '@spool/messaging';
import type { AdminListJobsQuery } from './dto/admin-list-jobs.query.js';

/** Operations over every owner's jobs, served by apps/jobs. */
@Injectable()
export class AdminService {
  constructor(private readonly client: JobsClient) {}

  queue(): Promise<QueueStats> {
    return this.client.send<QueueStats>(AdminSubjects.queue, {});
  }

  jobs(query: AdminListJobsQuery): Promise<Page<JobView>> {
    return this.client.send<Page<JobView>, ListJobsRequest>(AdminSubjects.jobs, { caller: ADMIN_CALLER, ...query });
  }

  retry(jobId: string): Promise<JobView> {
    return this.client.send<JobView, JobActionRequest>(AdminSubjects.retry, { caller: ADMIN_CALLER, jobId });
  }

  cancel(jobId: string, reason?: string): Promise<JobView> {
    return this.client.send<JobView, JobActionRequest>(AdminSubjects.cancel, { caller: ADMIN_CALLER, jobId, reason });
  }

  workers(): Promise<WorkerView[]> {
    return this.client.send<WorkerView[]>(AdminSubjects.workers, {});
  }

  cleanup(olderThanDays: number): Promise<CleanupResult> {
    return this.client.send<CleanupResult, CleanupRequest>(AdminSubjects.cleanup, { olderThanDays });
  }
}
