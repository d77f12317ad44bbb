import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { MessagingHealthIndicator } from '@spool/messaging';

@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [MessagingHealthIndicator],
})
export class HealthModule {}
