import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { JobsSubjects } from '@spool/contracts';
import { JobsClient, NatsPublisher } from '@spool/messaging';
import { WorkerRuntime } from './worker-runtime.service.js';

@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly runtime: WorkerRuntime,
    private readonly nats: NatsPublisher,
    private readonly jobs: JobsClient,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.worker()]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.worker(),
      () => this.probe('nats', () => this.nats.rtt()),
      () => this.probe('jobs', () => this.jobs.send(JobsSubjects.ping, {}, { attempts: 1, timeoutMs: 1000 })),
    ]);
  }

  private worker() {
    return this.indicators.check('worker').up({
      workerId: this.runtime.workerId,
      types: this.runtime.types,
      activeJobs: this.runtime.activeJobs,
      uptimeSeconds: this.runtime.uptimeSeconds,
    });
  }

  private async probe(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await check();
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
