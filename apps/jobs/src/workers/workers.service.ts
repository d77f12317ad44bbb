import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { RegisterWorkerRequest, WorkerView } from '@spool/contracts';
import { DataSource } from 'typeorm';
import type { JobsEnv } from '../config/jobs.env.js';
import { JobTypesService } from '../job-types/job-types.service.js';

interface WorkerRow {
  id: string;
  name: string;
  host: string;
  pid: number;
  version: string;
  types: string[];
  concurrency: number;
  active_jobs: number;
  started_at: Date;
  last_seen_at: Date;
  alive: boolean;
}

/** The worker registry: each worker upserts its row on start and on every registry heartbeat. */
@Injectable()
export class WorkersService {
  constructor(
    private readonly db: DataSource,
    private readonly types: JobTypesService,
    private readonly config: ConfigService<JobsEnv, true>,
  ) {}

  async register({ worker, definitions }: RegisterWorkerRequest): Promise<{ ok: true }> {
    if (definitions?.length) await this.types.register(definitions);
    await this.db.query(
      `INSERT INTO workers (id, name, host, pid, version, types, concurrency, active_jobs)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET types = excluded.types, concurrency = excluded.concurrency,
         active_jobs = excluded.active_jobs, last_seen_at = now(), stopped_at = NULL`,
      [worker.workerId, worker.name, worker.host, worker.pid, worker.version, worker.types, worker.concurrency, worker.activeJobs],
    );
    return { ok: true };
  }

  async deregister(workerId: string): Promise<{ ok: true }> {
    await this.db.query(`UPDATE workers SET stopped_at = now(), active_jobs = 0 WHERE id = $1`, [workerId]);
    return { ok: true };
  }

  async list(): Promise<WorkerView[]> {
    const rows: WorkerRow[] = await this.db.query(
      `SELECT *, stopped_at IS NULL AND last_seen_at > now() - $1 * interval '1 second' AS alive
         FROM workers WHERE stopped_at IS NULL OR stopped_at > now() - interval '1 day'
        ORDER BY alive DESC, last_seen_at DESC LIMIT 1000`,
      [this.config.get('WORKER_TTL_SECONDS')],
    );
    return rows.map((r) => ({
      workerId: r.id,
      name: r.name,
      host: r.host,
      pid: r.pid,
      version: r.version,
      types: r.types,
      concurrency: r.concurrency,
      activeJobs: r.active_jobs,
      startedAt: r.started_at.toISOString(),
      lastSeenAt: r.last_seen_at.toISOString(),
      alive: r.alive,
    }));
  }

  async liveCount(): Promise<number> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS n FROM workers WHERE stopped_at IS NULL AND last_seen_at > now() - $1 * interval '1 second'`,
      [this.config.get('WORKER_TTL_SECONDS')],
    );
    return row.n;
  }
}
