import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { Subscription } from '@nats-io/transport-node';
import { JOB_EVENTS_WILDCARD, type JobEventView } from '@spool/contracts';
import { NatsPublisher } from '@spool/messaging';
import { METRICS_REGISTRY } from '@spool/observability';
import { Gauge, type Registry } from 'prom-client';

export interface JobEventListener {
  matches(event: JobEventView): boolean;
  deliver(event: JobEventView): void;
  /** The gateway is shutting down. */
  close(): void;
}

/**
 * One NATS subscription to every job event per gateway, fanned out in memory
 * to the open SSE streams, each with its own filter.
 */
@Injectable()
export class JobEventsHub implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobEventsHub.name);
  private readonly listeners = new Set<JobEventListener>();
  private subscription?: Subscription;

  constructor(
    private readonly nats: NatsPublisher,
    @Inject(METRICS_REGISTRY) registry: Registry,
  ) {
    const listeners = this.listeners;
    new Gauge({
      name: 'spool_sse_streams',
      help: 'Open Server-Sent Events streams',
      registers: [registry],
      collect() {
        this.set(listeners.size);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.subscription = this.nats.subscribe<JobEventView>(JOB_EVENTS_WILDCARD, (event) => this.fanOut(event));
  }

  /** Returns the function that stops listening. */
  listen(listener: JobEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  beforeApplicationShutdown(): void {
    this.subscription?.unsubscribe();
    for (const listener of this.listeners) listener.close();
    this.listeners.clear();
  }

  private fanOut(event: JobEventView): void {
    for (const listener of this.listeners) {
      try {
        if (listener.matches(event)) listener.deliver(event);
      } catch (err) {
        this.logger.error(`delivering event ${event.id} of job ${event.jobId} failed: ${err instanceof Error ? err.stack : String(err)}`);
      }
    }
  }
}
