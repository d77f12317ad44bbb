import { Module, type DynamicModule, type Provider, type Type } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { validateEnv } from '@spool/config';
import { MessagingHealthIndicator, MessagingModule } from '@spool/messaging';
import { MetricsModule } from '@spool/observability';
import { WorkerHealthController } from './worker-health.controller.js';
import { WORKER_RUNTIME_OPTIONS } from './worker-runtime.options.js';
import { WorkerRuntime } from './worker-runtime.service.js';
import { WorkerEnv, workerOptionsFrom } from './worker.env.js';

export interface WorkerAppOptions {
  /** e.g. `worker-av`; the default WORKER_NAME. */
  name: string;
  /** Providers decorated with @Processor(). */
  processors: Type[];
  /** Other providers the processors need. */
  providers?: Provider[];
  imports?: DynamicModule['imports'];
  /** The app's settings class when it has more than WorkerEnv's. */
  env?: new () => WorkerEnv;
}

/**
 * Everything a worker app needs around its processors: configuration, NATS,
 * the runtime, health and metrics. A worker's AppModule is one call to this.
 */
@Module({})
export class WorkerRuntimeModule {
  static forWorker(options: WorkerAppOptions): DynamicModule {
    return {
      module: WorkerRuntimeModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, validate: validateEnv(options.env ?? WorkerEnv) }),
        MessagingModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<WorkerEnv, true>) => ({
            servers: config.get('NATS_URL'),
            requestTimeoutMs: config.get('NATS_REQUEST_TIMEOUT_MS'),
            name: options.name,
          }),
        }),
        MetricsModule.forRoot(options.name),
        DiscoveryModule,
        TerminusModule,
        ...(options.imports ?? []),
      ],
      controllers: [WorkerHealthController],
      providers: [
        {
          provide: WORKER_RUNTIME_OPTIONS,
          inject: [ConfigService],
          useFactory: (config: ConfigService<WorkerEnv, true>) => workerOptionsFrom(config, options.name),
        },
        WorkerRuntime,
        MessagingHealthIndicator,
        ...options.processors,
        ...(options.providers ?? []),
      ],
      exports: [WorkerRuntime],
    };
  }
}
