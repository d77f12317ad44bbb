import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthCheckAttempt } from '@nestjs/terminus';
import { JobsSubjects } from '@spool/contracts';
import { JobsClient } from './jobs-client.service.js';
import { NatsPublisher } from './nats-publisher.service.js';

const READY_TIMEOUT_MS = 1000;

/**
 * Terminus checks every app's readiness is made of: a usable NATS connection
 * and, for the gateway and workers, an apps/jobs that answers. Provide it in a
 * module that imports TerminusModule.
 */
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
