import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MessagingHealthIndicator } from '@spool/messaging';
import { WorkerRuntime } from './worker-runtime.service.js';

@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly runtime: WorkerRuntime,
    private readonly messaging: MessagingHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.worker()]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.worker(), this.messaging.natsCheck(), this.messaging.jobsCheck()]);
  }

  private worker() {
    return this.indicators.check('worker').up({
      workerId: this.runtime.workerId,
      types: this.runtime.types,
      activeJobs: this.runtime.activeJobs,
      uptimeSeconds: this.runtime.uptimeSeconds,
    });
  }
}
