import {
  expandCreateBatchReply,
  JOB_EVENTS_WILDCARD,
  JobsSubjects,
  type CreateJobCommand,
  type CreateJobResult,
  type CreateJobsBatchReply,
  type CreateJobsBatchRequest,
  type JobEventView,
  type JobView,
} from '@spool/contracts';
import { dropDatabase } from '@spool/database';
import { freePort, NatsRpc, sleep, type Child } from '@spool/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { BenchConfig, SystemResult } from './types.js';
import {
  getLogDir,
  latencyStats,
  nowMs,
  pollUntil,
  startChild,
  stopChild,
  withDatabase,
} from './util.js';

const OWNER = 'bench';
const BATCH = 1000;

/** What the gateway's POST /v1/jobs/batch does minus HTTP: the request, then full views from the compact reply. */
const createBatch = async (rpc: NatsRpc, jobs: CreateJobCommand[]): Promise<CreateJobResult<JobView>[]> => {
  const reply = await rpc.request<CreateJobsBatchReply>(
    JobsSubjects.createBatch,
    { ownerId: OWNER, jobs, requestId: randomUUID() } satisfies CreateJobsBatchRequest,
    60_000,
  );
  return expandCreateBatchReply(OWNER, jobs, reply);
};

export async function runSpool(cfg: BenchConfig): Promise<SystemResult> {
  const dbName = `${cfg.dbPrefix}`;
  const dbUrl = withDatabase(cfg.adminUrl, dbName);
  await dropDatabase(dbUrl); // apps/jobs creates and migrates it at start
  const profileArgs = (name: string) => (cfg.profile ? ['--cpu-prof', `--cpu-prof-dir=${join(getLogDir(), 'profiles')}`] : []);
  const common = { NATS_URL: cfg.natsUrl, LOG_LEVEL: 'warn', HOST: '127.0.0.1' };

  const jobsPort = await freePort();
  const jobs = startChild('spool-jobs', process.execPath, [...profileArgs('jobs'), 'dist/apps/jobs/src/main.js'], {
    ...common,
    DATABASE_URL: dbUrl,
    JOBS_HTTP_PORT: String(jobsPort),
  });
  await jobs.ready(`http://127.0.0.1:${jobsPort}/health/ready`, 60_000);

  let workers: Child[] = [];
  const startWorkers = async (round: string) => {
    const ports = await Promise.all(Array.from({ length: cfg.workerProcesses }, () => freePort()));
    workers = ports.map((port, i) =>
      startChild(`spool-worker-${i}-${round}`, process.execPath, [...profileArgs(`worker${i}-${round}`), 'dist/apps/worker-test/src/main.js'], {
        ...common,
        WORKER_HTTP_PORT: String(port),
        WORKER_CONCURRENCY: String(cfg.concurrency),
        WORKER_NAME: `bench-${i}`,
      }),
    );
    await Promise.all(ports.map((port, i) => workers[i]!.ready(`http://127.0.0.1:${port}/health/ready`, 60_000)));
  };

  const rpc = await NatsRpc.connect(cfg.natsUrl, 'spool-bench');
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  const notes: string[] = [];
  try {
    // ---- light-load dispatch latency (workers idle, queue empty)
    await startWorkers('a');
    const created = new Map<string, number>();
    const done = new Map<string, () => void>();
    const unsubscribe = rpc.subscribe<JobEventView>(JOB_EVENTS_WILDCARD, (ev) => {
      const t = nowMs();
      if (ev.kind === 'created') created.set(ev.jobId, t);
      else if (ev.kind === 'succeeded' || ev.kind === 'failed') done.get(ev.jobId)?.();
    });
    await rpc.connection.flush();

    const runOne = async (project: string): Promise<number> => {
      let finished!: () => void;
      const finishedP = new Promise<void>((r) => (finished = r));
      const [res] = await createBatch(rpc, [{ type: 'test.noop', project }]);
      const replyAt = nowMs();
      const id = res!.job.id;
      done.set(id, finished);
      // The succeeded event may already have come and gone: check the row too.
      const check = setInterval(async () => {
        const { rows } = await pool.query(`SELECT status FROM jobs WHERE id = $1`, [id]);
        if (rows[0]?.status === 'succeeded') finished();
      }, 200);
      await Promise.race([finishedP, sleep(30_000).then(() => Promise.reject(new Error(`job ${id} not done in 30 s`)))]).finally(() =>
        clearInterval(check),
      );
      done.delete(id);
      const { rows } = await pool.query<{ s: number }>(`SELECT (output->>'startedAtMs')::float8 AS s FROM jobs WHERE id = $1`, [id]);
      const commitAt = Math.min(created.get(id) ?? replyAt, replyAt);
      created.delete(id);
      return rows[0]!.s - commitAt;
    };

    for (let i = 0; i < cfg.warmupJobs; i++) await runOne('warmup');
    const samples: number[] = [];
    for (let i = 0; i < cfg.latencyJobs; i++) {
      samples.push(await runOne('latency'));
      await sleep(cfg.latencyGapMs);
    }
    unsubscribe();
    const latency = latencyStats(samples);

    // ---- enqueue rate (no workers, so the inserts do not compete with claims)
    await Promise.all(workers.map((w) => stopChild(w)));
    const enqueueStart = nowMs();
    for (let sent = 0; sent < cfg.jobs; sent += BATCH) {
      const n = Math.min(BATCH, cfg.jobs - sent);
      const res = await createBatch(rpc, Array.from({ length: n }, () => ({ type: 'test.noop', project: 'throughput' })));
      if (res.length !== n) throw new Error(`create-batch returned ${res.length} of ${n}`);
    }
    const enqueueSeconds = (nowMs() - enqueueStart) / 1000;

    // ---- end-to-end throughput: drain the pre-enqueued jobs
    await startWorkers('b');
    const endAt = await pollUntil(
      pool,
      `SELECT count(*)::int AS n FROM jobs WHERE project = 'throughput' AND status = 'succeeded'`,
      (n) => n >= cfg.jobs,
      cfg.drainTimeoutMs,
    );
    const { rows } = await pool.query<{ first: number; db_seconds: number; failed: number }>(
      `SELECT min((output->>'startedAtMs')::float8) AS first,
              extract(epoch FROM max(finished_at) - min(started_at))::float8 AS db_seconds,
              count(*) FILTER (WHERE attempt > 1)::int AS failed
         FROM jobs WHERE project = 'throughput'`,
    );
    const drainSeconds = (endAt - rows[0]!.first) / 1000;
    notes.push(`DB clock window (min started_at → max finished_at): ${rows[0]!.db_seconds.toFixed(2)} s → ${Math.round(cfg.jobs / rows[0]!.db_seconds)} jobs/s`);
    if (rows[0]!.failed > 0) notes.push(`${rows[0]!.failed} jobs needed more than one attempt`);

    return {
      name: 'Spool',
      config: `${cfg.workerProcesses} worker processes × concurrency ${cfg.concurrency}, 1 apps/jobs (pool 10)`,
      enqueuePath: 'NATS create-batch',
      enqueueRate: cfg.jobs / enqueueSeconds,
      throughput: cfg.jobs / drainSeconds,
      drainSeconds,
      latency,
      notes,
    };
  } finally {
    await Promise.all(workers.map((w) => stopChild(w)));
    await stopChild(jobs);
    await pool.end();
    await rpc.close();
  }
}
