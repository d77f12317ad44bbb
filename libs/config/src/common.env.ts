import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';

/** Settings every Spool app understands. */
export class CommonEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /** How long a request over NATS waits for apps/jobs before it is retried. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  NATS_REQUEST_TIMEOUT_MS: number = 5000;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  /** `json` in production by default, readable lines otherwise. */
  @IsIn(['json', 'pretty', ''])
  LOG_FORMAT: 'json' | 'pretty' | '' = '';
}
