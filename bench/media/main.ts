/**
 * `npm run bench:media`: wall time of video.proxy, audio.clean and
 * image.process through Spool (upload → job → download, with the real
 * gateway, apps/jobs and media workers from dist/) against the same
 * operation function called directly on the local file, plus the peak
 * memory of the workers, their ffmpeg children and the gateway.
 * Every process it starts is a child that is stopped at the end, on a
 * signal, or at the time limit. See docs/PERFORMANCE.md.
 */
import { connect } from '@nats-io/transport-node';
import { ffmpegBinary } from '@spool/media';
import { startNatsServer } from '@spool/testing';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { envInt, envStr, getLogDir, installCleanup, machineInfo, nowMs, setLogDir, stopAll, track, writeDocsSection } from '../queue/util.js';
import { makeInputs, type BenchInputs } from './inputs.js';
import { fileSize, OPERATIONS, type BenchOperation } from './operations.js';
import {
  describeMachine,
  median,
  renderTable,
  type DirectRunResult,
  type MediaMachine,
  type OperationResult,
  type ReportConfig,
  type SpoolRun,
} from './report.js';
import { cpuDelta, cpuSnapshot, RssSampler, sumOf, toolChildren } from './rss.js';
import { MediaStack, SERVICES } from './stack.js';

const run = promisify(execFile);
const POLL_MS = 100;

class JobFailed extends Error {}

async function main(): Promise<void> {
  installCleanup();
  const missing = Object.values(SERVICES).filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`dist/ is missing ${missing.join(', ')}: run npm run build first (from the repository root)`);

  setLogDir(envStr('BENCH_LOG_DIR', join(tmpdir(), `spool-bench-media-${Date.now()}`)));
  // Aborts the direct operations (their ffmpeg gets SIGTERM) on a signal or at the time limit;
  // the services are children tracked by ../queue/util.js and stopped there.
  const abort = new AbortController();
  let noteOrphans = (): void => undefined;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      noteOrphans();
      abort.abort(new Error(sig));
    });
  }
  const limitS = envInt('BENCH_TIMEOUT_S', 900);
  setTimeout(() => {
    console.error(`\nBENCH_TIMEOUT_S=${limitS} reached: stopping`);
    noteOrphans();
    abort.abort(new Error('time limit'));
    void stopAll().finally(() => process.exit(2));
  }, limitS * 1000).unref();

  const keep = process.env.BENCH_KEEP === '1';
  const dataDir = mkdtempSync(join(envStr('BENCH_DATA_DIR', tmpdir()), 'spool-bench-media-data-'));
  // ffmpeg runs of a worker that is stopped mid-job: noted before the services are stopped, killed at exit if still there.
  const orphans = new Set<number>();
  process.once('exit', () => {
    for (const pid of [...toolChildren(process.pid), ...orphans]) {
      if (isTool(pid)) process.kill(pid, 'SIGKILL');
    }
    if (!keep) rmSync(dataDir, { recursive: true, force: true });
  });

  const runs = Math.max(1, envInt('BENCH_RUNS', 2));
  const clipSeconds = Math.max(1, envInt('BENCH_CLIP_SECONDS', 60));
  const workerConcurrency = Math.max(1, envInt('BENCH_WORKER_CONCURRENCY', 1));
  const only = envStr('BENCH_OPERATIONS', OPERATIONS.map((o) => o.type).join(','))
    .split(',')
    .map((s) => s.trim());
  const unknown = only.filter((t) => !OPERATIONS.some((o) => o.type === t));
  if (unknown.length) throw new Error(`BENCH_OPERATIONS: unknown ${unknown.join(', ')} (known: ${OPERATIONS.map((o) => o.type).join(', ')})`);
  const operations = OPERATIONS.filter((o) => only.includes(o.type));

  const adminUrl = envStr('BENCH_DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/postgres');
  const nats = await startNatsServer(getLogDir());
  track(nats.child);
  const nc = await connect({ servers: nats.url, name: 'spool-bench-media-probe' });
  const natsVersion = nc.info?.version ?? 'unknown';
  await nc.close();

  const machine: MediaMachine = {
    ...(await machineInfo(adminUrl, natsVersion)),
    ffmpeg: ((await run(ffmpegBinary(), ['-version'])).stdout.split('\n')[0] ?? 'ffmpeg ?').replace(/\s+Copyright.*$/, ''),
    sharp: `${sharp.versions.sharp} (libvips ${sharp.versions.vips})`,
    load: loadAverage(),
  };
  console.log(`media benchmark: ${runs} run(s) per operation, ${clipSeconds} s clips, logs in ${getLogDir()}, data in ${dataDir}`);
  console.log(`machine: ${describeMachine(machine)}\n`);

  // ---- inputs
  const inputDir = join(dataDir, 'inputs');
  mkdirSync(inputDir);
  let t = nowMs();
  process.stdout.write('- generating inputs with ffmpeg lavfi ... ');
  const inputs = await makeInputs(inputDir, clipSeconds, abort.signal);
  console.log(`done in ${((nowMs() - t) / 1000).toFixed(1)} s (${Object.values(inputs).map((i) => `${i.filename} ${(i.bytes / 1024 ** 2).toFixed(1)} MiB`).join(', ')})`);

  // ---- the stack
  t = nowMs();
  process.stdout.write('- starting nats-server, jobs, gateway, worker-av, worker-image ... ');
  const stack = new MediaStack({ adminUrl, dbName: envStr('BENCH_DB', 'spool_bench_media'), natsUrl: nats.url, dataDir, workerConcurrency });
  noteOrphans = () => stack.toolPids().forEach((pid) => orphans.add(pid));
  await stack.start();
  console.log(`ready in ${((nowMs() - t) / 1000).toFixed(1)} s`);

  const sampler = new RssSampler(
    { gateway: stack.pid('gateway'), jobs: stack.pid('jobs'), 'worker-av': stack.pid('worker-av'), 'worker-image': stack.pid('worker-image') },
    { 'worker-av': stack.pid('worker-av'), 'worker-image': stack.pid('worker-image'), direct: process.pid },
  );
  sampler.start();
  // CPU time through Spool: every service, the NATS server and this client (PostgreSQL is not counted).
  const spoolPids: Record<string, number> = { ...Object.fromEntries(Object.entries(stack.children).map(([n, c]) => [n, c.proc.pid!])), nats: nats.child.proc.pid!, client: process.pid };

  const downloads = join(dataDir, 'downloads');
  await mkdir(downloads);
  const results: OperationResult[] = [];
  try {
    for (const op of operations) {
      const source = op.source(inputs);
      const result: OperationResult = { type: op.type, worker: op.worker, spawnsFfmpeg: op.spawnsFfmpeg, input: source.description, direct: [], spool: [] };
      results.push(result);
      console.log(`- ${op.type} (${source.filename}, ${(source.bytes / 1024 ** 2).toFixed(1)} MiB)`);
      try {
        for (let i = 0; i < runs; i++) {
          const order = i % 2 === 0 ? (['direct', 'spool'] as const) : (['spool', 'direct'] as const);
          for (const how of order) {
            if (how === 'direct') {
              const d = await runDirect(op, inputs, inputDir, i, sampler, abort.signal);
              result.direct.push(d);
              console.log(`    run ${i + 1} direct: ${(d.totalMs / 1000).toFixed(2)} s (CPU ${(d.cpuMs / 1000).toFixed(2)} s)`);
            } else {
              const s = await runThroughSpool(op, inputs, stack, downloads, i, sampler, spoolPids);
              result.spool.push(s);
              console.log(
                `    run ${i + 1} Spool:  ${(s.totalMs / 1000).toFixed(2)} s (CPU ${(s.cpuMs / 1000).toFixed(2)} s = ${cpuList(s.cpuByProcess)}; upload ${ms(s.uploadMs)}, create ${ms(s.createMs)}, queue wait ${ms(s.queueWaitMs)}, worker ${ms(s.workerMs)} (fetch ${ms(s.fetchMs)}), seen after ${ms(s.seenMs)}, download ${ms(s.downloadMs)})`,
              );
            }
          }
        }
        const d = median(result.direct.map((x) => x.totalMs));
        const s = median(result.spool.map((x) => x.totalMs));
        console.log(`    median: direct ${(d / 1000).toFixed(2)} s, Spool ${(s / 1000).toFixed(2)} s, ratio ${(s / d).toFixed(3)}`);
      } catch (err) {
        if (abort.signal.aborted) throw err;
        if (!(err instanceof JobFailed)) throw err;
        result.failure = err.message;
        console.error(`    FAILED: ${err.message}`);
      }
    }
  } finally {
    sampler.stop();
    noteOrphans();
    await stack.stop();
    await stopAll();
  }

  machine.loadEnd = loadAverage();
  const cfg: ReportConfig = { runs, clipSeconds, workerConcurrency, hwm: sampler.usesHwm };
  const table = renderTable(results, machine, cfg);
  console.log(`\n${table}`);
  if (process.env.BENCH_WRITE_DOCS === '1') writeDocsSection('media', table);
  if (results.some((r) => r.failure)) process.exitCode = 1;
}

/** Still an ffmpeg/ffprobe process (the pid was not reused). */
const isTool = (pid: number): boolean => {
  try {
    return ['ffmpeg', 'ffprobe'].includes(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  } catch {
    return false;
  }
};
const loadAverage = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const cpuList = (m: Map<string, number>): string =>
  [...m]
    .filter(([, v]) => v >= 10)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(2)}`)
    .join(', ');
const ms = (n: number): string => (!Number.isFinite(n) ? '–' : n < 1000 ? `${Math.round(n)} ms` : `${(n / 1000).toFixed(2)} s`);

/** The processor's operation function on the local input, in a fresh output directory beside it. */
async function runDirect(op: BenchOperation, inputs: BenchInputs, workspace: string, i: number, sampler: RssSampler, signal: AbortSignal): Promise<DirectRunResult> {
  const outDir = join(workspace, `direct-${op.type}-${i}`);
  await mkdir(outDir);
  try {
    sampler.beginWindow();
    const cpu0 = cpuSnapshot({ direct: process.pid });
    const t0 = nowMs();
    const out = await op.direct(op.source(inputs).path, outDir, workspace, signal);
    const totalMs = nowMs() - t0;
    const cpuMs = sumOf(cpuDelta(cpu0, cpuSnapshot({ direct: process.pid })));
    const peaks = sampler.endWindow();
    return { totalMs, cpuMs, outputBytes: await fileSize(out.path), ffmpegPeak: peaks.get('direct:ffmpeg') ?? 0 };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/** Upload → POST /v1/jobs → follow its events until it ends → download the output; the assets are deleted afterwards. */
async function runThroughSpool(
  op: BenchOperation,
  inputs: BenchInputs,
  stack: MediaStack,
  downloads: string,
  i: number,
  sampler: RssSampler,
  cpuPids: Record<string, number>,
): Promise<SpoolRun> {
  const source = op.source(inputs);
  const outPath = join(downloads, `${op.type}-${i}`);
  sampler.beginWindow();
  const cpu0 = cpuSnapshot(cpuPids);
  const t0 = nowMs();
  const asset = await stack.upload(source.path, source.filename, source.bytes);
  const t1 = nowMs();
  const created = await stack.createJob(op.type, { assetId: asset.id, ...op.input });
  const t2 = nowMs();
  const { job, seenAt } = await stack.waitForEnd(created.id, 30 * 60_000, POLL_MS);
  if (job.status !== 'succeeded') {
    await stack.deleteAsset(asset.id).catch(() => undefined);
    throw new JobFailed(`job ${job.id} ${job.status} after ${job.attempt} attempt(s); lastError: ${JSON.stringify(job.lastError)}`);
  }
  const outputId = String(job.output?.assetId ?? '');
  if (!outputId) throw new JobFailed(`job ${job.id} succeeded without output.assetId: ${JSON.stringify(job.output)}`);
  const outputBytes = await stack.download(outputId, outPath);
  const t3 = nowMs();
  const cpuByProcess = cpuDelta(cpu0, cpuSnapshot(cpuPids));
  const peaks = sampler.endWindow();
  await rm(outPath, { force: true });
  await stack.deleteAsset(outputId).catch(() => undefined);
  await stack.deleteAsset(asset.id).catch(() => undefined);

  const at = (iso: string | null) => (iso ? Date.parse(iso) : NaN);
  const fetchedAt = stack.inputFetchedAt(op.worker, job.id) ?? NaN;
  return {
    totalMs: t3 - t0,
    cpuMs: sumOf(cpuByProcess),
    cpuByProcess,
    uploadMs: t1 - t0,
    createMs: t2 - t1,
    queueWaitMs: at(job.startedAt) - at(job.createdAt),
    workerMs: at(job.finishedAt) - at(job.startedAt),
    fetchMs: fetchedAt - at(job.startedAt),
    seenMs: seenAt - at(job.finishedAt),
    downloadMs: t3 - seenAt,
    outputBytes,
    peaks,
  };
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  async (err) => {
    console.error(`\nbenchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    console.error(`logs: ${getLogDir()}`);
    await stopAll();
    process.exit(1);
  },
);
