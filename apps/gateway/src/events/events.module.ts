import { Module } from '@nestjs/common';
import { JobsModule } from '../jobs/jobs.module.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';
import { JobEventsHub } from './job-events.hub.js';

@Module({
  imports: [JobsModule],
  controllers: [EventsController],
  providers: [EventsService, JobEventsHub],
})
export class EventsModule {}
