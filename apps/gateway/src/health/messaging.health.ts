import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import { JobsSubjects } from '@spool/contracts';
import { JobsClient, NatsPublisher } from '@spool/messaging';

const READY_TIMEOUT_MS = 1000;

/** What the gateway needs to serve: a usable NATS connection and an apps/jobs that answers. */
@Injectable()
export class MessagingHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly nats: NatsPublisher,
    private readonly client: JobsClient,
  ) {}

  natsCheck(): HealthCheckAttempt<'nats'> {
    return this.indicators
      .check('nats')
      .attempt(async () => ({ rttMs: await this.nats.rtt() }))
      .withTimeout(READY_TIMEOUT_MS);
  }

  jobsCheck(): HealthCheckAttempt<'jobs'> {
    return this.indicators
      .check('jobs')
      .attempt(async () => {
        await this.client.send(JobsSubjects.ping, {}, { attempts: 1, timeoutMs: READY_TIMEOUT_MS });
      })
      .withTimeout(READY_TIMEOUT_MS);
  }
}
