import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@spool/observability';
import { Counter, Histogram, type Registry } from 'prom-client';

type Labels = 'method' | 'route' | 'status';

@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<Labels>;
  private readonly duration: Histogram<Labels>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = new Counter({
      name: 'spool_http_requests_total',
      help: 'HTTP requests served',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'spool_http_request_duration_seconds',
      help: 'HTTP request duration (SSE streams: how long they stayed open)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600],
      registers: [registry],
    });
  }

  /** Starts timing a request; call the result once it is over. */
  start(): (labels: Record<Labels, string>) => void {
    const stop = this.duration.startTimer();
    return (labels) => {
      this.requests.inc(labels);
      stop(labels);
    };
  }
}
