import type { ConfigService } from '@nestjs/config';
import { CommonEnv } from '@spool/config';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import type { WorkerRuntimeOptions } from './worker-runtime.options.js';

/** Settings of every worker app. */
export class WorkerEnv extends CommonEnv {
  @IsInt()
  @Min(1)
  @Max(10_000)
  WORKER_CONCURRENCY: number = 4;

  @IsInt()
  @Min(2)
  @Max(300)
  WORKER_LEASE_SECONDS: number = 15;

  @IsInt()
  @Min(50)
  WORKER_POLL_INTERVAL_MS: number = 2000;

  @IsInt()
  @Min(0)
  WORKER_SHUTDOWN_GRACE_MS: number = 30_000;

  @IsInt()
  @Min(500)
  WORKER_REGISTRY_INTERVAL_MS: number = 5000;

  @IsInt()
  @Min(1000)
  WORKER_ALIVE_LOG_INTERVAL_MS: number = 30_000;

  /** HTTP port for /health and /metrics; 0 picks a free one. */
  @IsInt()
  @Min(0)
  WORKER_HTTP_PORT: number = 3002;

  @IsString()
  HOST: string = '0.0.0.0';

  @IsOptional()
  @IsString()
  WORKER_NAME?: string;
}

export const workerOptionsFrom = (config: ConfigService<WorkerEnv, true>, name: string, version = '0.1.0'): WorkerRuntimeOptions => ({
  name: config.get('WORKER_NAME', { infer: true }) ?? name,
  version,
  concurrency: config.get('WORKER_CONCURRENCY'),
  leaseSeconds: config.get('WORKER_LEASE_SECONDS'),
  pollIntervalMs: config.get('WORKER_POLL_INTERVAL_MS'),
  shutdownGraceMs: config.get('WORKER_SHUTDOWN_GRACE_MS'),
  registryIntervalMs: config.get('WORKER_REGISTRY_INTERVAL_MS'),
  aliveLogIntervalMs: config.get('WORKER_ALIVE_LOG_INTERVAL_MS'),
});
