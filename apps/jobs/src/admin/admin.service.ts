import { Injectable, Logger } from '@nestjs/common';
import { JOB_STATUSES, type CleanupResult, type JobStatus, type QueueStats, type QueueTypeStats } from '@spool/contracts';
import { queryRows } from '@spool/database';
import { DataSource } from 'typeorm';
import { WorkersService } from '../workers/workers.service.js';

const zeroCounts = (): Record<JobStatus, number> =>
  Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;

const CLEANUP_LOCK = 7_356_122;
const CLEANUP_CHUNK = 5000;

@Injectable()
export class AdminService {
  private readonly logger = new Logger(AdminService.name);

  constructor(
    private readonly db: DataSource,
    private readonly workers: WorkersService,
  ) {}

  async queue(): Promise<QueueStats> {
    const rows: { type: string; status: JobStatus; n: number; oldest: number | null; succeeded_5m: number; failed_5m: number }[] =
      await this.db.query(
        `SELECT type, status, count(*)::int AS n,
                extract(epoch FROM now() - min(run_at) FILTER (WHERE status = 'pending' AND run_at <= now()))::float8 AS oldest,
                count(*) FILTER (WHERE status = 'succeeded' AND finished_at > now() - interval '5 minutes')::int AS succeeded_5m,
                count(*) FILTER (WHERE status = 'failed' AND finished_at > now() - interval '5 minutes')::int AS failed_5m
           FROM jobs GROUP BY type, status ORDER BY type`,
      );
    const types = new Map<string, QueueTypeStats>();
    const totals = zeroCounts();
    for (const r of rows) {
      const t = types.get(r.type) ?? { type: r.type, counts: zeroCounts(), oldestPendingAgeSeconds: null, completedLast5m: 0, failedLast5m: 0 };
      t.counts[r.status] = r.n;
      totals[r.status] += r.n;
      if (r.oldest !== null) t.oldestPendingAgeSeconds = Math.round(r.oldest * 1000) / 1000;
      t.completedLast5m += r.succeeded_5m;
      t.failedLast5m += r.failed_5m;
      types.set(r.type, t);
    }
    return { types: [...types.values()], totals, liveWorkers: await this.workers.liveCount(), at: new Date().toISOString() };
  }

  /**
   * Deletes finished jobs (with their events and dependency edges) older
   * than the given age, in chunks so no lock is held for long. An advisory
   * lock keeps two replicas from doing it at once.
   */
  async cleanup(olderThanDays: number): Promise<CleanupResult> {
    let deleted = 0;
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [CLEANUP_LOCK]);
      if (!locked) return { deletedJobs: 0, olderThanDays };
      try {
        for (;;) {
          const rows = await queryRows<{ id: string }>(
            runner,
            `DELETE FROM jobs WHERE id IN (
               SELECT id FROM jobs WHERE finished_at < now() - $1 * interval '1 day'
                  AND status IN ('succeeded', 'failed', 'canceled') LIMIT $2)
             RETURNING id`,
            [olderThanDays, CLEANUP_CHUNK],
          );
          deleted += rows.length;
          if (rows.length < CLEANUP_CHUNK) break;
        }
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [CLEANUP_LOCK]);
      }
    } finally {
      await runner.release();
    }
    if (deleted > 0) this.logger.log(`cleanup: deleted ${deleted} jobs finished more than ${olderThanDays} days ago`);
    return { deletedJobs: deleted, olderThanDays };
  }
}
