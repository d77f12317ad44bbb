import { sleep, type Child } from '@spool/testing';
import pg from 'pg';
import type { BenchConfig, FromWorker, RefWorkerSpec, SystemResult, ToWorker } from './types.js';
import { freshDatabase, latencyStats, nowMs, pollUntil, startChild, stopChild, withDatabase } from './util.js';

const BATCH = 1000;

/** What differs between pg-boss and graphile-worker; the scenario around it is the same. */
interface Adapter {
  enqueueBatch(n: number): Promise<void>;
  /** Enqueues one job; resolves with its id once the insert committed. */
  enqueueOne(): Promise<string>;
  /** SQL returning one number; `done(n)` says the queue has drained `expected` jobs. */
  drained(expected: number): { sql: string; done: (n: number) => boolean };
  close(): Promise<void>;
}

class RefWorkers {
  private procs: Child[] = [];
  private waiters = new Map<string, (t: number) => void>();
  private early = new Map<string, number>();
  firstStart = Infinity;

  constructor(
    private readonly label: string,
    private readonly spec: RefWorkerSpec,
    private readonly count: number,
  ) {}

  async start(round: string): Promise<void> {
    this.firstStart = Infinity;
    this.procs = Array.from({ length: this.count }, (_, i) =>
      startChild(`${this.label}-worker-${i}-${round}`, process.execPath, ['dist/bench/queue/reference-worker.js'], { BENCH_REF_WORKER: JSON.stringify(this.spec) }, true),
    );
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`${this.label} worker not ready in 60 s`)), 60_000);
            void p.exited.then(() => reject(new Error(`${this.label} worker exited during start-up`)));
            p.proc.on('message', (m: FromWorker) => {
              if (m.ev === 'ready') {
                clearTimeout(timer);
                resolve();
              } else if (m.ev === 'first') this.firstStart = Math.min(this.firstStart, m.t);
              else if (m.ev === 'start') {
                const w = this.waiters.get(m.id);
                if (w) w(m.t);
                else this.early.set(m.id, m.t);
              }
            });
          }),
      ),
    );
  }

  report(on: boolean): void {
    for (const p of this.procs) p.proc.send({ cmd: 'report', on } satisfies ToWorker);
  }

  /** When the job with this id started in a worker (wall clock). */
  startedAt(id: string, timeoutMs = 30_000): Promise<number> {
    const t = this.early.get(id);
    if (t !== undefined) {
      this.early.delete(id);
      return Promise.resolve(t);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.label}: job ${id} not started in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.set(id, (t) => {
        clearTimeout(timer);
        this.waiters.delete(id);
        resolve(t);
      });
    });
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => stopChild(p)));
    this.procs = [];
  }
}

async function runReference(
  cfg: BenchConfig,
  name: string,
  config: string,
  enqueuePath: string,
  dbUrl: string,
  adapter: Adapter,
  workers: RefWorkers,
  latencyJobs: number,
): Promise<SystemResult> {
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  try {
    // ---- light-load dispatch latency
    await workers.start('a');
    workers.report(true);
    const runOne = async () => {
      const id = await adapter.enqueueOne();
      const commitAt = nowMs();
      return (await workers.startedAt(id)) - commitAt;
    };
    for (let i = 0; i < cfg.warmupJobs; i++) await runOne();
    const samples: number[] = [];
    for (let i = 0; i < latencyJobs; i++) {
      samples.push(await runOne());
      await sleep(cfg.latencyGapMs);
    }
    workers.report(false);
    await workers.stop();
    const latency = latencyStats(samples);

    // ---- enqueue rate
    const enqueueStart = nowMs();
    for (let sent = 0; sent < cfg.jobs; sent += BATCH) await adapter.enqueueBatch(Math.min(BATCH, cfg.jobs - sent));
    const enqueueSeconds = (nowMs() - enqueueStart) / 1000;

    // ---- throughput
    const { sql, done } = adapter.drained(cfg.jobs);
    await workers.start('b');
    const endAt = await pollUntil(pool, sql, done, cfg.drainTimeoutMs);
    const drainSeconds = (endAt - workers.firstStart) / 1000;
    await workers.stop();
    return { name, config, enqueuePath, enqueueRate: cfg.jobs / enqueueSeconds, throughput: cfg.jobs / drainSeconds, drainSeconds, latency, notes: [] };
  } finally {
    await workers.stop();
    await adapter.close();
    await pool.end();
  }
}

export async function runPgBoss(cfg: BenchConfig): Promise<SystemResult> {
  const dbName = `${cfg.dbPrefix}_pgboss`;
  const dbUrl = withDatabase(cfg.adminUrl, dbName);
  await freshDatabase(dbUrl);
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: dbUrl, supervise: false, schedule: false });
  boss.on('error', (err) => console.error('pg-boss error', err));
  await boss.start();
  await boss.createQueue('noop');
  // The warm-up and latency jobs are completed too: the throughput run counts from what was there before it.
  let completedBefore = 0;
  const adapter: Adapter = {
    enqueueBatch: async (n) => {
      await boss.insert(Array.from({ length: n }, () => ({ name: 'noop', data: {} })));
    },
    enqueueOne: async () => (await boss.send('noop', {}))!,
    drained: (expected) => ({
      sql: `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'noop' AND state = 'completed'`,
      done: (n) => n >= completedBefore + expected,
    }),
    close: () => boss.stop({ graceful: false, wait: true, timeout: 2000 }),
  };
  const spec: RefWorkerSpec = { kind: 'pgboss', dbUrl, loops: cfg.pgbossLoops, batchSize: cfg.pgbossBatch };
  const workers = new RefWorkers('pgboss', spec, cfg.workerProcesses);
  const origStart = workers.start.bind(workers);
  workers.start = async (round) => {
    if (round === 'b') {
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      completedBefore = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'noop' AND state = 'completed'`)).rows[0]!.n;
      await c.end();
    }
    return origStart(round);
  };
  return runReference(
    cfg,
    'pg-boss 10',
    `${cfg.workerProcesses} processes × ${cfg.pgbossLoops} work() loops × batchSize ${cfg.pgbossBatch}, polling 0.5 s (its minimum)`,
    'boss.insert()',
    dbUrl,
    adapter,
    workers,
    cfg.pgbossLatencyJobs,
  );
}

export async function runGraphile(cfg: BenchConfig, variant: 'default' | 'best'): Promise<SystemResult> {
  const dbName = `${cfg.dbPrefix}_graphile_${variant}`;
  const dbUrl = withDatabase(cfg.adminUrl, dbName);
  await freshDatabase(dbUrl);
  const { runMigrations, makeWorkerUtils } = await import('graphile-worker');
  await runMigrations({ connectionString: dbUrl });
  const utils = await makeWorkerUtils({ connectionString: dbUrl });
  const adapter: Adapter = {
    enqueueBatch: async (n) => {
      await utils.addJobs(Array.from({ length: n }, () => ({ identifier: 'noop', payload: {} })));
    },
    enqueueOne: async () => (await utils.addJob('noop', {})).id,
    // Graphile deletes a job when it completes: drained when none is left.
    drained: () => ({ sql: `SELECT count(*)::int AS n FROM graphile_worker._private_jobs`, done: (n) => n === 0 }),
    close: async () => {
      await utils.release();
    },
  };
  const spec: RefWorkerSpec =
    variant === 'default'
      ? { kind: 'graphile', dbUrl }
      : {
          kind: 'graphile',
          dbUrl,
          concurrency: cfg.concurrency,
          preset: { worker: { localQueue: { size: cfg.graphileLocalQueue }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
        };
  const config =
    variant === 'default'
      ? `${cfg.workerProcesses} processes, library defaults (concurrency 1, pollInterval 2 s, LISTEN/NOTIFY)`
      : `${cfg.workerProcesses} processes × concurrency ${cfg.concurrency}, localQueue.size ${cfg.graphileLocalQueue}, completeJobBatchDelay 0, failJobBatchDelay 0`;
  return runReference(
    cfg,
    `graphile-worker 0.17 (${variant})`,
    config,
    'addJobs()',
    dbUrl,
    adapter,
    new RefWorkers(`graphile-${variant}`, spec, cfg.workerProcesses),
    cfg.latencyJobs,
  );
}
