import type { LatencyStats } from './util.js';

export interface BenchConfig {
  adminUrl: string;
  dbPrefix: string;
  natsUrl: string;
  jobs: number;
  latencyJobs: number;
  /** pg-boss polls (≥ 500 ms): fewer sequential samples keep the run short. */
  pgbossLatencyJobs: number;
  warmupJobs: number;
  latencyGapMs: number;
  workerProcesses: number;
  concurrency: number;
  pgbossLoops: number;
  pgbossBatch: number;
  graphileLocalQueue: number;
  drainTimeoutMs: number;
  profile: boolean;
}

export interface SystemResult {
  name: string;
  config: string;
  enqueuePath: string;
  /** jobs/s */
  enqueueRate: number;
  /** jobs/s, first processor start to last completion */
  throughput: number;
  drainSeconds: number;
  latency: LatencyStats;
  notes: string[];
}

/** Messages between the benchmark and a reference worker child. */
export type ToWorker = { cmd: 'report'; on: boolean };
export type FromWorker = { ev: 'ready' } | { ev: 'first'; t: number } | { ev: 'start'; id: string; t: number };

export interface RefWorkerSpec {
  kind: 'pgboss' | 'graphile';
  dbUrl: string;
  /** pg-boss: work() loops, batch size. graphile: concurrency, preset. */
  loops?: number;
  batchSize?: number;
  concurrency?: number;
  preset?: Record<string, unknown>;
}
