/**
 * A reference worker (pg-boss or graphile-worker) run as a child process of
 * the benchmark, like Spool's worker processes. It runs a no-op task and
 * tells the parent over IPC when the first job started and, while asked to,
 * when each job started (same wall clock as test.noop's `startedAtMs`).
 */
import type { FromWorker, RefWorkerSpec, ToWorker } from './types.js';

const nowMs = (): number => performance.timeOrigin + performance.now();
const spec = JSON.parse(process.env.BENCH_REF_WORKER ?? '{}') as RefWorkerSpec;
const send = (m: FromWorker) => process.send?.(m);

let report = false;
let first = true;
const started = (id: string) => {
  const t = nowMs();
  if (first) {
    first = false;
    send({ ev: 'first', t });
  }
  if (report) send({ ev: 'start', id, t });
};

process.on('message', (m: ToWorker) => {
  if (m.cmd === 'report') {
    report = m.on;
    first = true;
  }
});
process.on('disconnect', () => process.exit(0)); // the benchmark is gone

let stop: () => Promise<void> = async () => undefined;

if (spec.kind === 'pgboss') {
  const { default: PgBoss } = await import('pg-boss');
  const boss = new PgBoss({ connectionString: spec.dbUrl, migrate: false, schedule: false });
  boss.on('error', (err) => console.error('pg-boss error', err));
  await boss.start();
  for (let i = 0; i < (spec.loops ?? 1); i++) {
    await boss.work('noop', { batchSize: spec.batchSize ?? 1, pollingIntervalSeconds: 0.5 }, async (jobs) => {
      for (const job of jobs) started(job.id);
    });
  }
  stop = () => boss.stop({ graceful: true, wait: true, timeout: 5000 });
} else {
  const { run } = await import('graphile-worker');
  const runner = await run({
    connectionString: spec.dbUrl,
    concurrency: spec.concurrency,
    noHandleSignals: true,
    taskList: {
      noop: async (_payload, helpers) => {
        started(helpers.job.id);
      },
    },
    preset: spec.preset as never,
  });
  stop = () => runner.stop();
}

send({ ev: 'ready' });
for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.once(sig, () => {
    void stop()
      .catch((err) => console.error(err))
      .finally(() => process.exit(0));
  });
}
