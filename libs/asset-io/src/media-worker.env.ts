import { WorkerEnv } from '@spool/worker-runtime';
import { IsInt, IsString, Min } from 'class-validator';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Settings of workers that read and write media (worker-av, worker-image). */
export class MediaWorkerEnv extends WorkerEnv {
  @IsString()
  FFMPEG_PATH: string = 'ffmpeg';

  @IsString()
  FFPROBE_PATH: string = 'ffprobe';

  /** Where each job's temporary workspace is made; emptied of stale workspaces at start. */
  @IsString()
  WORK_DIR: string = join(tmpdir(), 'spool-work');

  /** Largest input a worker downloads (from storage or a URL). */
  @IsInt()
  @Min(1)
  MAX_INPUT_BYTES: number = 4 * 1024 ** 3;

  @IsInt()
  @Min(1000)
  URL_FETCH_TIMEOUT_MS: number = 300_000;

  /**
   * host:port pairs exempt from the private-address check of input URLs, comma-separated.
   * For development and tests only: never list anything here in production.
   */
  @IsString()
  URL_FETCH_ALLOW_HOSTS: string = '';
}
