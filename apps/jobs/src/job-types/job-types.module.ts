import { Module } from '@nestjs/common';
import { JobInputValidator } from './job-input.validator.js';
import { JobTypesController } from './job-types.controller.js';
import { JobTypesService } from './job-types.service.js';

@Module({
  controllers: [JobTypesController],
  providers: [JobTypesService, JobInputValidator],
  exports: [JobTypesService],
})
export class JobTypesModule {}
