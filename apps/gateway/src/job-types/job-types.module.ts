import { Module } from '@nestjs/common';
import { JobTypesController } from './job-types.controller.js';
import { JobTypesService } from './job-types.service.js';

@Module({
  controllers: [JobTypesController],
  providers: [JobTypesService],
})
export class JobTypesModule {}
