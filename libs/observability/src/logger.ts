import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * One logger for every app: JSON lines in production (or LOG_FORMAT=json),
 * readable coloured lines in development. Lines are written synchronously so
 * they reach the terminal at once.
 */
export function createLogger(appName: string, env: NodeJS.ProcessEnv = process.env): ConsoleLogger {
  const json = env.LOG_FORMAT ? env.LOG_FORMAT === 'json' : env.NODE_ENV === 'production';
  const level = (env.LOG_LEVEL ?? 'log') as LogLevel;
  const upTo = LEVELS.indexOf(level) >= 0 ? LEVELS.indexOf(level) : 3;
  return new ConsoleLogger({
    context: appName,
    json,
    colors: !json && Boolean(process.stdout.isTTY),
    prefix: 'spool',
    timestamp: !json,
    logLevels: LEVELS.slice(0, upTo + 1),
  });
}

/** Log context for lines about one job, so every such line names it. */
export const jobContext = (jobId: string, type?: string): string => (type ? `job ${jobId} ${type}` : `job ${jobId}`);
