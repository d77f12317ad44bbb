import { Controller, Get, Headers, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentUser, UserAuthGuard, type AuthUser } from '@spool/auth';
import type { Response } from 'express';
import { userCaller } from '../common/caller.js';
import { JobIdPipe } from '../common/job-id.pipe.js';
import { ApiProblems } from '../problem/problem.response.js';
import { EventsQuery } from './dto/events.query.js';
import { JobEventResponse } from './dto/job-event.response.js';
import { EventsService } from './events.service.js';
import { LAST_EVENT_ID_HEADER, resumeAfter } from './last-event-id.js';

const SSE_RESPONSE = {
  description: 'A text/event-stream: each event has `id`, `event` (the kind) and `data` (a JobEvent as JSON)',
  content: { 'text/event-stream': { schema: { $ref: getSchemaPath(JobEventResponse) } } },
};

@ApiTags('events')
@ApiBearerAuth('user')
@ApiExtraModels(JobEventResponse)
@ApiProduces('text/event-stream')
@ApiHeader({ name: LAST_EVENT_ID_HEADER, required: false, description: 'Resume after this event (sent by EventSource on reconnect)' })
@ApiProblems(400, 401, 503)
@UseGuards(UserAuthGuard)
@Controller('v1')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Get('events')
  @ApiOperation({ summary: 'Live events of all your jobs (from now, or after Last-Event-ID)' })
  @ApiOkResponse(SSE_RESPONSE)
  async all(
    @CurrentUser() user: AuthUser,
    @Query() query: EventsQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await this.events.stream(res, { caller: userCaller(user), afterId: resumeAfter(lastEventId, query.lastEventId) });
  }

  @Get('jobs/:id/events')
  @ApiOperation({ summary: "A job's events: its history, then live" })
  @ApiOkResponse(SSE_RESPONSE)
  @ApiProblems(404)
  async job(
    @CurrentUser() user: AuthUser,
    @Param('id', JobIdPipe) id: string,
    @Query() query: EventsQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    await this.events.stream(res, { caller: userCaller(user), jobId: id, afterId: resumeAfter(lastEventId, query.lastEventId) });
  }
}
