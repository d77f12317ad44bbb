import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigService } from '@nestjs/config';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { JOBS_QUEUE_GROUP } from '@spool/contracts';
import { createLogger } from '@spool/observability';
import { AppModule } from './app.module.js';
import type { JobsEnv } from './config/jobs.env.js';

/**
 * apps/jobs: the owner of the database. Serves the job API and the worker
 * protocol over NATS (one queue group across replicas) and /health and
 * /metrics over HTTP.
 */
export async function bootstrap(): Promise<{ close(): Promise<void>; httpUrl: string }> {
  const logger = createLogger('jobs');
  const app = await NestFactory.create(AppModule, { logger, bufferLogs: false });
  const config = app.get<ConfigService<JobsEnv, true>>(ConfigService);
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.NATS,
      options: {
        servers: config.get('NATS_URL'),
        queue: JOBS_QUEUE_GROUP,
        name: 'spool-jobs-server',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 500,
        gracefulShutdown: true,
        gracePeriod: 2000,
      },
    },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.get('JOBS_HTTP_PORT'), config.get('HOST'));
  const httpUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  logger.log(`jobs service ready: NATS ${config.get('NATS_URL')}, health ${httpUrl}/health/ready`);
  return { close: () => app.close(), httpUrl };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bootstrap().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
