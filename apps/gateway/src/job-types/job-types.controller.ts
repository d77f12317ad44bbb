import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UserAuthGuard } from '@spool/auth';
import type { JobTypeView } from '@spool/contracts';
import { ApiProblems } from '../problem/problem.response.js';
import { JobTypeResponse } from './dto/job-type.response.js';
import { JobTypesService } from './job-types.service.js';

@ApiTags('job-types')
@ApiBearerAuth('user')
@UseGuards(UserAuthGuard)
@Controller('v1/job-types')
export class JobTypesController {
  constructor(private readonly types: JobTypesService) {}

  @Get()
  @ApiOperation({ summary: 'The job types workers have registered, with their input schemas' })
  @ApiOkResponse({ type: [JobTypeResponse] })
  @ApiProblems(401, 503)
  list(): Promise<JobTypeView[]> {
    return this.types.list();
  }
}
