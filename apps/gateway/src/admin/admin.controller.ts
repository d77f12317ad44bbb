import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '@spool/auth';
import type { CleanupResult, JobView, Page, QueueStats, WorkerView } from '@spool/contracts';
import { JobIdPipe } from '../common/job-id.pipe.js';
import { CancelJobDto } from '../jobs/dto/cancel-job.dto.js';
import { JobPageResponse, JobResponse } from '../jobs/dto/job.response.js';
import { ApiProblems } from '../problem/problem.response.js';
import { AdminService } from './admin.service.js';
import { AdminListJobsQuery } from './dto/admin-list-jobs.query.js';
import { CleanupDto, CleanupResultResponse } from './dto/cleanup.dto.js';
import { QueueStatsResponse } from './dto/queue-stats.response.js';
import { WorkerResponse } from './dto/worker.response.js';

@ApiTags('admin')
@ApiBearerAuth('admin')
@ApiProblems(401, 503)
@UseGuards(AdminGuard)
@Controller('v1/admin')
export class AdminController {
  constructor(private readonly admin: AdminService) {}

  @Get('queue')
  @ApiOperation({ summary: 'Queue depth and throughput per job type' })
  @ApiOkResponse({ type: QueueStatsResponse })
  queue(): Promise<QueueStats> {
    return this.admin.queue();
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of every owner' })
  @ApiOkResponse({ type: JobPageResponse })
  @ApiProblems(400)
  jobs(@Query() query: AdminListJobsQuery): Promise<Page<JobView>> {
    return this.admin.jobs(query);
  }

  @Post('jobs/:id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed or canceled job again' })
  @ApiOkResponse({ type: JobResponse })
  @ApiProblems(404, 409)
  retry(@Param('id', JobIdPipe) id: string): Promise<JobView> {
    return this.admin.retry(id);
  }

  @Post('jobs/:id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a job' })
  @ApiOkResponse({ type: JobResponse })
  @ApiProblems(400, 404, 409)
  cancel(@Param('id', JobIdPipe) id: string, @Body() dto: CancelJobDto): Promise<JobView> {
    return this.admin.cancel(id, dto.reason);
  }

  @Get('workers')
  @ApiOperation({ summary: 'Registered workers' })
  @ApiOkResponse({ type: [WorkerResponse] })
  workers(): Promise<WorkerView[]> {
    return this.admin.workers();
  }

  @Post('maintenance/cleanup')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Delete finished jobs older than a number of days' })
  @ApiOkResponse({ type: CleanupResultResponse })
  @ApiProblems(400)
  cleanup(@Body() dto: CleanupDto): Promise<CleanupResult> {
    return this.admin.cleanup(dto.olderThanDays);
  }
}
