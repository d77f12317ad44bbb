import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { JobsSubjects, type JobTypeView } from '@spool/contracts';
import { JobTypesService } from './job-types.service.js';
import { RpcExceptionFilter } from '../rpc/rpc-exception.filter.js';

@Controller()
@UseFilters(RpcExceptionFilter)
export class JobTypesController {
  constructor(private readonly types: JobTypesService) {}

  @MessagePattern(JobsSubjects.jobTypes)
  list(): Promise<JobTypeView[]> {
    return this.types.list();
  }
}
