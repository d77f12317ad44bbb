import type { MachineInfo } from '../queue/util.js';

/** The goal from the issue: Spool's wall time over the direct operation's, on video.proxy. */
export const GOAL_RATIO = 1.05;
export const GOAL_OPERATION = 'video.proxy';

export interface SpoolRun {
  totalMs: number;
  /** CPU time of the services, NATS and the client (ffmpeg children included once reaped). */
  cpuMs: number;
  /** The same by process (`worker-av`, `worker-av:children` for its ffmpeg, `gateway`, `client`...). */
  cpuByProcess: Map<string, number>;
  uploadMs: number;
  createMs: number;
  queueWaitMs: number;
  workerMs: number;
  /** Started → the worker logged the input fetched (locate, copy from storage, sha256 check, sniff). */
  fetchMs: number;
  seenMs: number;
  downloadMs: number;
  outputBytes: number;
  /** KiB, by process name (`worker-av`, `gateway`, `worker-av:ffmpeg`...). */
  peaks: Map<string, number>;
}

export interface DirectRunResult {
  totalMs: number;
  /** CPU time of the benchmark process and its ffmpeg children. */
  cpuMs: number;
  outputBytes: number;
  /** KiB of the ffmpeg/ffprobe children of the benchmark process. */
  ffmpegPeak: number;
}

export interface OperationResult {
  type: string;
  worker: string;
  spawnsFfmpeg: boolean;
  input: string;
  direct: DirectRunResult[];
  spool: SpoolRun[];
  /** Set when the pipeline failed: the job's lastError, or what else went wrong. */
  failure?: string;
}

export interface MediaMachine extends MachineInfo {
  ffmpeg: string;
  sharp: string;
  load: string;
  /** Load average when the runs ended (set by the caller). */
  loadEnd?: string;
}

export interface ReportConfig {
  runs: number;
  clipSeconds: number;
  workerConcurrency: number;
  hwm: boolean;
}

export const median = (xs: number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const x3 = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(3)}×` : '–');
const secs = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 1) : '–');
const msOrS = (ms: number): string => (!Number.isFinite(ms) ? '–' : Math.abs(ms) < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);
const mib = (kib: number | undefined): string => (kib && kib > 0 ? String(Math.round(kib / 1024)) : '–');
const maxOf = (runs: SpoolRun[], key: string): number => Math.max(0, ...runs.map((r) => r.peaks.get(key) ?? 0));
const bytes = (n: number): string => (n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MiB` : `${(n / 1024).toFixed(0)} KiB`);

export const ratioOf = (r: OperationResult): number => {
  const d = median(r.direct.map((x) => x.totalMs));
  const s = median(r.spool.map((x) => x.totalMs));
  return Number.isFinite(d) && Number.isFinite(s) && d > 0 ? s / d : NaN;
};

/** The steps only Spool has, each measured on its own: upload, POST /v1/jobs, queue wait, input fetch, end → seen, download (storing the output is not split out). */
export const ownStepsMs = (x: SpoolRun): number => x.uploadMs + x.createMs + x.queueWaitMs + x.fetchMs + x.seenMs + x.downloadMs;

/** 1 + median(Spool-only steps) ÷ median(direct): a ratio that does not depend on how fast the encoder ran during the Spool runs. */
export const stepsRatioOf = (r: OperationResult): number => {
  const d = median(r.direct.map((x) => x.totalMs));
  const own = median(r.spool.map(ownStepsMs));
  return Number.isFinite(d) && Number.isFinite(own) && d > 0 ? 1 + own / d : NaN;
};

export const describeMachine = (m: MediaMachine): string =>
  `${m.cores} cores (${m.cpuModel}), ${m.ramGiB} GiB RAM, Node ${m.node}, ${m.ffmpeg}, sharp ${m.sharp}, PostgreSQL ${m.postgres}, NATS ${m.nats}, load average ${m.load} at start${m.loadEnd ? ` and ${m.loadEnd} at the end` : ''}, ${m.date}`;

export function renderTable(results: OperationResult[], machine: MediaMachine, cfg: ReportConfig): string {
  const lines = [
    `Machine: ${describeMachine(machine)}`,
    `Workload: each operation ${cfg.runs}× directly and ${cfg.runs}× through Spool, alternating (direct first on odd runs, Spool first on even ones); medians. ` +
      `Through Spool = upload start → output downloaded (WORKER_CONCURRENCY=${cfg.workerConcurrency}, local storage driver, NODE_ENV=production, the end of the job seen on its SSE stream GET /v1/jobs/:id/events); direct = the processor's operation function on the local file.`,
    '',
    '| Operation | Direct (s) | Through Spool (s) | Overhead ratio | Ratio from Spool-only steps | Worker peak RSS (MiB) | ffmpeg peak RSS (MiB), Spool / direct | Gateway peak RSS (MiB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const d = median(r.direct.map((x) => x.totalMs));
    const s = median(r.spool.map((x) => x.totalMs));
    const ratio = ratioOf(r);
    const ffmpeg = r.spawnsFfmpeg
      ? `${mib(maxOf(r.spool, `${r.worker}:ffmpeg`))} / ${mib(Math.max(0, ...r.direct.map((x) => x.ffmpegPeak)))}`
      : 'none (sharp runs in-process)';
    lines.push(
      `| ${r.type}${r.failure ? ' (failed)' : ''} | ${secs(d)} | ${secs(s)} | ${x3(ratio)} | ${x3(stepsRatioOf(r))} | ${mib(maxOf(r.spool, r.worker))} (${r.worker}) | ${ffmpeg} | ${mib(maxOf(r.spool, 'gateway'))} |`,
    );
  }

  const goal = results.find((r) => r.type === GOAL_OPERATION);
  if (goal) {
    const ratio = ratioOf(goal);
    lines.push(
      '',
      Number.isFinite(ratio)
        ? `Goal (${GOAL_OPERATION} overhead ratio ≤ ${GOAL_RATIO}): **${ratio <= GOAL_RATIO ? 'met' : 'not met'}** on this run by wall time (${ratio.toFixed(3)}×); ` +
          `the Spool-only steps alone come to ${x3(stepsRatioOf(goal))} of the direct time, ${stepsRatioOf(goal) <= GOAL_RATIO ? 'within' : 'over'} the goal.`
        : `Goal (${GOAL_OPERATION} overhead ratio ≤ ${GOAL_RATIO}): not measured (${goal.failure ?? 'no runs'}).`,
    );
  }

  lines.push(
    '',
    'Where the Spool time goes (medians of each part, so they need not add up exactly):',
    '',
    '| Operation | Upload | POST /v1/jobs | Queue wait (created → started) | Worker (started → finished) | of which fetching the input | of which the rest − direct (output store, completion, and noise) | Finished → seen by the client | Download | Total overhead (Spool − direct) | CPU time direct / Spool (s) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of results) {
    if (r.spool.length === 0) continue;
    const m = (f: (x: SpoolRun) => number) => median(r.spool.map(f));
    const d = median(r.direct.map((x) => x.totalMs));
    lines.push(
      `| ${r.type} | ${msOrS(m((x) => x.uploadMs))} | ${msOrS(m((x) => x.createMs))} | ${msOrS(m((x) => x.queueWaitMs))} | ${msOrS(m((x) => x.workerMs))} | ${msOrS(m((x) => x.fetchMs))} | ${msOrS(m((x) => x.workerMs - x.fetchMs) - d)} | ${msOrS(m((x) => x.seenMs))} | ${msOrS(m((x) => x.downloadMs))} | ${msOrS(m((x) => x.totalMs) - d)} | ${secs(median(r.direct.map((x) => x.cpuMs)))} / ${secs(m((x) => x.cpuMs))} |`,
    );
  }

  lines.push('', 'Inputs and runs:');
  for (const r of results) {
    const runs = r.direct.map((d, i) => `${secs(d.totalMs)} / ${r.spool[i] ? secs(r.spool[i].totalMs) : '–'}`).join(', ');
    const out = r.spool[0]?.outputBytes ?? 0;
    const dOut = r.direct[0]?.outputBytes ?? 0;
    lines.push(`- ${r.type}: ${r.input}; output ${bytes(out)} through Spool, ${bytes(dOut)} direct; runs (direct / Spool, s): ${runs || '–'}`);
    if (r.failure) lines.push(`  - FAILED: ${r.failure}`);
  }
  lines.push(
    '',
    'Ratio from Spool-only steps = 1 + median(upload + POST /v1/jobs + queue wait + input fetch + end → seen + download) ÷ median(direct): each step is timed on its own, ' +
      'so unlike the wall-time ratio it does not move with how fast ffmpeg happened to run in the Spool runs; it leaves out storing the output, so it is a lower bound.',
    '',
    `Peak RSS: ${cfg.hwm ? "the kernel's high-water mark (VmHWM, reset through /proc/<pid>/clear_refs before each Spool run) of the worker and the gateway" : 'VmRSS sampled every 200 ms (the high-water mark could not be reset)'}, ` +
      'the largest over the operation\'s Spool runs; ffmpeg = the largest VmHWM of any ffmpeg/ffprobe child of worker-av (Spool) or of the benchmark process (direct), read every 200 ms. ' +
      'CPU time = user + system time from /proc/<pid>/stat, children included once reaped: direct = the benchmark process and its ffmpeg; Spool = jobs, gateway, both workers (and their ffmpeg), nats-server and the benchmark client, PostgreSQL not counted. ' +
      'Less sensitive than wall time to other load on the machine.',
  );
  return lines.join('\n');
}
