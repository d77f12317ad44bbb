import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, UserAuthGuard, type AuthUser } from '@spool/auth';
import type { JobView, Page } from '@spool/contracts';
import type { Response } from 'express';
import { userCaller } from '../common/caller.js';
import { IDEMPOTENCY_KEY_HEADER, parseIdempotencyKey } from '../common/idempotency-key.js';
import { JobIdPipe } from '../common/job-id.pipe.js';
import { ApiProblems } from '../problem/problem.response.js';
import { JobSubmissionLimitGuard } from '../rate-limit/job-submission-limit.guard.js';
import { CancelJobDto } from './dto/cancel-job.dto.js';
import { CreateJobDto } from './dto/create-job.dto.js';
import { CreateJobsBatchDto } from './dto/create-jobs-batch.dto.js';
import { CreateJobsBatchResponse, JobPageResponse, JobResponse } from './dto/job.response.js';
import { ListJobsQuery } from './dto/list-jobs.query.js';
import { JobsService } from './jobs.service.js';

export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

@ApiTags('jobs')
@ApiBearerAuth('user')
@ApiProblems(401, 503)
@UseGuards(UserAuthGuard)
@Controller('v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Post()
  @UseGuards(JobSubmissionLimitGuard)
  @ApiOperation({ summary: 'Submit a job' })
  @ApiHeader({ name: IDEMPOTENCY_KEY_HEADER, required: false, description: 'A retried request with the same key returns the first job' })
  @ApiCreatedResponse({ type: JobResponse, description: 'The job was created' })
  @ApiOkResponse({
    type: JobResponse,
    description: 'A job created earlier with the same Idempotency-Key',
    headers: { [IDEMPOTENT_REPLAYED_HEADER]: { schema: { type: 'string', enum: ['true'] } } },
  })
  @ApiProblems(400, 404, 409, 413, 422, 429)
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateJobDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<JobView> {
    const { job, created } = await this.jobs.create(user.sub, dto, parseIdempotencyKey(idempotencyKey));
    if (!created) res.status(HttpStatus.OK).setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return job;
  }

  @Post('batch')
  @UseGuards(JobSubmissionLimitGuard)
  @ApiOperation({ summary: 'Submit up to 1000 jobs at once, all or none' })
  @ApiCreatedResponse({ type: CreateJobsBatchResponse })
  @ApiProblems(400, 404, 409, 413, 422, 429)
  async createBatch(@CurrentUser() user: AuthUser, @Body() dto: CreateJobsBatchDto): Promise<CreateJobsBatchResponse> {
    return { items: await this.jobs.createBatch(user.sub, dto.jobs) };
  }

  @Get()
  @ApiOperation({ summary: 'List your jobs, newest first' })
  @ApiOkResponse({ type: JobPageResponse })
  @ApiProblems(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListJobsQuery): Promise<Page<JobView>> {
    return this.jobs.list(userCaller(user), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a job' })
  @ApiOkResponse({ type: JobResponse })
  @ApiProblems(404)
  get(@CurrentUser() user: AuthUser, @Param('id', JobIdPipe) id: string): Promise<JobView> {
    return this.jobs.get(userCaller(user), id);
  }

  @Post(':id/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a job', description: 'A running job is canceled once its worker stops (`cancelRequested` until then)' })
  @ApiOkResponse({ type: JobResponse })
  @ApiProblems(400, 404, 409)
  cancel(@CurrentUser() user: AuthUser, @Param('id', JobIdPipe) id: string, @Body() dto: CancelJobDto): Promise<JobView> {
    return this.jobs.cancel(userCaller(user), id, dto.reason);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed or canceled job again' })
  @ApiOkResponse({ type: JobResponse })
  @ApiProblems(404, 409)
  retry(@CurrentUser() user: AuthUser, @Param('id', JobIdPipe) id: string): Promise<JobView> {
    return this.jobs.retry(userCaller(user), id);
  }
}
