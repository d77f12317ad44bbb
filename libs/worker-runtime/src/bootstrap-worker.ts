import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@spool/observability';
import type { WorkerEnv } from './worker.env.js';
import { WorkerRuntime } from './worker-runtime.service.js';

export interface RunningWorker {
  workerId: string;
  httpUrl: string;
  close(): Promise<void>;
}

/** Starts a worker app: the runtime begins claiming, /health and /metrics listen, SIGTERM/SIGINT drain it. */
export async function bootstrapWorker(module: Type, name: string): Promise<RunningWorker> {
  const app = await NestFactory.create(module, { logger: createLogger(name) });
  app.enableShutdownHooks();
  const config = app.get<ConfigService<WorkerEnv, true>>(ConfigService);
  await app.listen(config.get('WORKER_HTTP_PORT'), config.get('HOST'));
  const httpUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const runtime = app.get(WorkerRuntime);
  createLogger(name).log(`${runtime.workerId} ready, health ${httpUrl}/health/ready`);
  return { workerId: runtime.workerId, httpUrl, close: () => app.close() };
}
