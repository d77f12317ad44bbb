import { Inject, Injectable } from '@nestjs/common';
import { METRICS_REGISTRY } from '@spool/observability';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { TransitionRow } from '../lifecycle/lifecycle.repository.js';

/** Prometheus series of the job lifecycle. Queue depth is read from the database when scraped. */
@Injectable()
export class JobsMetrics {
  private readonly claims: Counter<'type'>;
  private readonly finished: Counter<'type' | 'status'>;
  private readonly failures: Counter<'type' | 'code'>;
  private readonly retries: Counter<'type'>;
  private readonly duration: Histogram<'type' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry, db: DataSource) {
    const registers = [registry];
    this.claims = new Counter({ name: 'spool_jobs_claimed_total', help: 'Jobs handed to workers', labelNames: ['type'], registers });
    this.finished = new Counter({ name: 'spool_jobs_finished_total', help: 'Jobs that reached a final state', labelNames: ['type', 'status'], registers });
    this.failures = new Counter({ name: 'spool_job_attempt_failures_total', help: 'Failed attempts, by error code', labelNames: ['type', 'code'], registers });
    this.retries = new Counter({ name: 'spool_job_retries_total', help: 'Failed attempts sent back for another try', labelNames: ['type'], registers });
    this.duration = new Histogram({
      name: 'spool_job_duration_seconds',
      help: 'Run time of an attempt, from claim to its end',
      labelNames: ['type', 'status'],
      buckets: [0.005, 0.025, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
      registers,
    });
    new Gauge({
      name: 'spool_queue_depth',
      help: 'Jobs by type and status',
      labelNames: ['type', 'status'],
      registers,
      async collect() {
        // Every registered type and open status, zeros included, so an emptied queue reads 0.
        const rows: { type: string; status: string; n: number }[] = await db.query(
          `WITH counts AS (
             SELECT type, status, count(*)::int AS n FROM jobs
              WHERE status IN ('blocked', 'pending', 'running') GROUP BY type, status
           )
           SELECT t.type, s.status, coalesce(c.n, 0) AS n
             FROM job_types t
            CROSS JOIN unnest('{blocked,pending,running}'::job_status[]) AS s(status)
             LEFT JOIN counts c ON c.type = t.type AND c.status = s.status`,
        );
        this.reset();
        for (const r of rows) this.set({ type: r.type, status: r.status }, r.n);
      },
    });
  }

  claimed(types: string[]): void {
    for (const type of types) this.claims.inc({ type });
  }

  transitions(rows: TransitionRow[]): void {
    for (const r of rows) {
      const error = r.data.error as { code?: string } | undefined;
      if (error) this.failures.inc({ type: r.type, code: error.code ?? 'UNKNOWN' });
      if (r.status === 'pending' && error) this.retries.inc({ type: r.type });
      if (r.status === 'succeeded' || r.status === 'failed' || r.status === 'canceled') this.finished.inc({ type: r.type, status: r.status });
      if (r.duration !== null && r.duration !== undefined) this.duration.observe({ type: r.type, status: r.status }, r.duration);
    }
  }
}
