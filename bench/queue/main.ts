/**
 * `npm run bench:queue`: Spool's queue against pg-boss and graphile-worker on
 * the same PostgreSQL, the same machine and the same no-op workload. Every
 * system gets its own fresh database; every process it starts is a child
 * that is stopped at the end (or on a signal, or at the time limit).
 * See docs/PERFORMANCE.md for what each figure means.
 */
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from '@spool/testing';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGraphile, runPgBoss } from './references.js';
import { runSpool } from './spool.js';
import type { BenchConfig, SystemResult } from './types.js';
import {
  envInt,
  envStr,
  getLogDir,
  installCleanup,
  machineInfo,
  setLogDir,
  stopAll,
  track,
  writeDocsSection,
  type MachineInfo,
} from './util.js';

const SYSTEMS = ['spool', 'pgboss', 'graphile-default', 'graphile-best'] as const;

async function main(): Promise<void> {
  installCleanup();
  if (!existsSync('dist/apps/jobs/src/main.js') || !existsSync('dist/apps/worker-test/src/main.js')) {
    throw new Error('dist/ is missing the services: run `npm run build` first (from the repository root)');
  }
  setLogDir(envStr('BENCH_LOG_DIR', join(tmpdir(), `spool-bench-${Date.now()}`)));
  const limitS = envInt('BENCH_TIMEOUT_S', 540);
  setTimeout(() => {
    console.error(`\nBENCH_TIMEOUT_S=${limitS} reached: stopping`);
    void stopAll().finally(() => process.exit(2));
  }, limitS * 1000).unref();

  const only = envStr('BENCH_SYSTEMS', SYSTEMS.join(','))
    .split(',')
    .map((s) => s.trim());
  const unknown = only.filter((s) => !(SYSTEMS as readonly string[]).includes(s));
  if (unknown.length) throw new Error(`BENCH_SYSTEMS: unknown ${unknown.join(', ')} (known: ${SYSTEMS.join(', ')})`);

  // A private NATS server by default: another apps/jobs on the shared one would
  // join the same queue group and answer part of the benchmark's requests.
  let natsUrl = process.env.BENCH_NATS_URL ?? '';
  if (!natsUrl) {
    const server = await startNatsServer(getLogDir());
    track(server.child);
    natsUrl = server.url;
  }
  const nc = await connect({ servers: natsUrl, name: 'spool-bench-probe' });
  const natsVersion = nc.info?.version ?? 'unknown';
  await nc.close();

  const cfg: BenchConfig = {
    adminUrl: envStr('BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres'),
    dbPrefix: envStr('BENCH_DB', 'spool_bench'),
    natsUrl,
    jobs: envInt('BENCH_JOBS', 20_000),
    latencyJobs: envInt('BENCH_LATENCY_JOBS', 300),
    pgbossLatencyJobs: envInt('BENCH_PGBOSS_LATENCY_JOBS', 60),
    warmupJobs: envInt('BENCH_WARMUP_JOBS', 20),
    latencyGapMs: envInt('BENCH_LATENCY_GAP_MS', 5),
    workerProcesses: envInt('BENCH_WORKER_PROCESSES', 2),
    concurrency: envInt('BENCH_CONCURRENCY', 200),
    pgbossLoops: envInt('BENCH_PGBOSS_LOOPS', 4),
    pgbossBatch: envInt('BENCH_PGBOSS_BATCH', 100),
    graphileLocalQueue: envInt('BENCH_GRAPHILE_LOCAL_QUEUE', 500),
    drainTimeoutMs: envInt('BENCH_DRAIN_TIMEOUT_S', 120) * 1000,
    profile: process.env.BENCH_PROFILE === '1',
  };
  const machine = await machineInfo(cfg.adminUrl, natsVersion);
  console.log(`queue benchmark: ${cfg.jobs} jobs, ${cfg.latencyJobs} latency samples, logs in ${getLogDir()}`);
  console.log(`machine: ${describeMachine(machine)}\n`);

  const results: SystemResult[] = [];
  const runs: Record<(typeof SYSTEMS)[number], () => Promise<SystemResult>> = {
    spool: () => runSpool(cfg),
    pgboss: () => runPgBoss(cfg),
    'graphile-default': () => runGraphile(cfg, 'default'),
    'graphile-best': () => runGraphile(cfg, 'best'),
  };
  for (const s of SYSTEMS.filter((x) => only.includes(x))) {
    const t0 = Date.now();
    process.stdout.write(`- ${s} ... `);
    const r = await runs[s]();
    results.push(r);
    console.log(
      `done in ${((Date.now() - t0) / 1000).toFixed(1)} s: enqueue ${fmt(r.enqueueRate)}/s, throughput ${fmt(r.throughput)}/s, latency p50 ${ms(r.latency.p50)}`,
    );
    for (const n of r.notes) console.log(`    ${n}`);
  }
  await stopAll();

  const table = renderTable(results, machine, cfg);
  console.log(`\n${table}`);
  if (process.env.BENCH_WRITE_DOCS === '1') writeDocsSection('queue', table);
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number): string => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n)} ms` : '–');
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

const describeMachine = (m: MachineInfo): string =>
  `${m.cores} cores (${m.cpuModel}), ${m.ramGiB} GiB RAM, Node ${m.node}, PostgreSQL ${m.postgres}, NATS ${m.nats}, ${m.date}`;

function renderTable(results: SystemResult[], machine: MachineInfo, cfg: BenchConfig): string {
  const lines = [
    `Machine: ${describeMachine(machine)}`,
    `Workload: ${cfg.jobs.toLocaleString('en-US')} no-op jobs (enqueued in batches of 1,000, then drained); ${cfg.latencyJobs} sequential jobs for latency (pg-boss: ${cfg.pgbossLatencyJobs}).`,
    '',
    '| System | Enqueue path | Enqueue (jobs/s) | Throughput (jobs/s) | Latency p50 | p95 | p99 | max |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const l = r.latency;
    lines.push(`| ${r.name} | ${r.enqueuePath} | ${fmt(r.enqueueRate)} | ${fmt(r.throughput)} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} |`);
  }
  const spool = results.find((r) => r.name === 'Spool');
  const refs = results.filter((r) => r !== spool);
  if (spool && refs.length) {
    lines.push('', '| Spool vs | Enqueue ratio | Throughput ratio | p50 latency ratio (lower is better) | p99 latency ratio |', '|---|---:|---:|---:|---:|');
    for (const r of refs) {
      lines.push(
        `| ${r.name} | ${ratio(spool.enqueueRate, r.enqueueRate)} | ${ratio(spool.throughput, r.throughput)} | ${ratio(spool.latency.p50, r.latency.p50)} | ${ratio(spool.latency.p99, r.latency.p99)} |`,
      );
    }
  }
  lines.push('', 'Configurations:');
  for (const r of results) lines.push(`- ${r.name}: ${r.config}`);
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`));
  if (notes.length) lines.push('', 'Notes:', ...notes);
  return lines.join('\n');
}

main().then(
  () => process.exit(0),
  async (err) => {
    console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.error(`logs: ${getLogDir()}`);
    await stopAll();
    process.exit(1);
  },
);
