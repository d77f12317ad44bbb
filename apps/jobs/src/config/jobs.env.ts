import { CommonEnv, EnvBoolean } from '@spool/config';
import { DEFAULT_DATABASE_URL } from '@spool/database';
import { IsBoolean, IsInt, IsString, Max, Min } from 'class-validator';

export class JobsEnv extends CommonEnv {
  @IsString()
  DATABASE_URL: string = DEFAULT_DATABASE_URL;

  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  /** Apply pending migrations at start (a Kubernetes Job can run `npm run migrate` instead). */
  @EnvBoolean()
  @IsBoolean()
  RUN_MIGRATIONS: boolean = true;

  /** HTTP port for /health and /metrics. */
  @IsInt()
  JOBS_HTTP_PORT: number = 3001;

  @IsString()
  HOST: string = '0.0.0.0';

  /** How often expired leases and timed-out jobs are returned or failed. */
  @IsInt()
  @Min(100)
  REAPER_INTERVAL_MS: number = 1000;

  /** Finished jobs older than this are deleted on schedule; 0 keeps them forever. */
  @IsInt()
  @Min(0)
  RETENTION_DAYS: number = 30;

  @IsInt()
  @Min(1000)
  RETENTION_INTERVAL_MS: number = 3_600_000;

  /** A worker not seen for this long is not counted as live. */
  @IsInt()
  @Min(1)
  WORKER_TTL_SECONDS: number = 30;

  /** Bounds on the lease a worker may ask for. */
  @IsInt()
  @Min(1)
  MIN_LEASE_SECONDS: number = 2;

  @IsInt()
  @Min(1)
  MAX_LEASE_SECONDS: number = 300;

  @IsInt()
  @Min(1)
  @Max(5000)
  MAX_CLAIM_BATCH: number = 1000;

  /** Queue probe, proxy and thumbnails for every uploaded video (and a probe for audio). */
  @EnvBoolean()
  @IsBoolean()
  INGEST_ON_UPLOAD: boolean = true;

  /**
   * host:port pairs exempt from the private-address check of job input URLs, comma-separated.
   * For development and tests only.
   */
  @IsString()
  URL_FETCH_ALLOW_HOSTS: string = '';
}
