export interface WorkerRuntimeOptions {
  /** Worker name, e.g. `worker-av`; part of the worker id. */
  name: string;
  version: string;
  /** Jobs run at once by this process. */
  concurrency: number;
  /** Lease asked for on claim and renewed by heartbeats (seconds). */
  leaseSeconds: number;
  /** Fallback claim interval when no wake-up hint arrives. */
  pollIntervalMs: number;
  /** On SIGTERM: how long in-flight jobs may run before they are handed back. */
  shutdownGraceMs: number;
  /** How often the worker refreshes its row in the registry. */
  registryIntervalMs: number;
  /** How often the "alive, N active" line is logged. */
  aliveLogIntervalMs: number;
}

export const WORKER_RUNTIME_OPTIONS = Symbol('WORKER_RUNTIME_OPTIONS');
