import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { validateEnv } from '@spool/config';
import { MessagingHealthIndicator, MessagingModule } from '@spool/messaging';
import { MetricsModule } from '@spool/observability';
import { AssetsController } from './assets/assets.controller.js';
import { AssetsRepository } from './assets/assets.repository.js';
import { AssetsService } from './assets/assets.service.js';
import { InputReferencesService } from './assets/input-references.service.js';
import { AdminController } from './admin/admin.controller.js';
import { AdminService } from './admin/admin.service.js';
import { JobsEnv } from './config/jobs.env.js';
import { DatabaseModule } from './database/database.module.js';
import { JobEventsPublisher } from './events/job-events.publisher.js';
import { HealthController } from './health/health.controller.js';
import { JobTypesModule } from './job-types/job-types.module.js';
import { DependenciesRepository } from './jobs/dependencies.repository.js';
import { JobsController } from './jobs/jobs.controller.js';
import { JobsRepository } from './jobs/jobs.repository.js';
import { JobsService } from './jobs/jobs.service.js';
import { LifecycleRepository } from './lifecycle/lifecycle.repository.js';
import { LifecycleService } from './lifecycle/lifecycle.service.js';
import { ParkedClaims } from './lifecycle/parked-claims.js';
import { WorkerProtocolController } from './lifecycle/worker-protocol.controller.js';
import { MaintenanceService } from './maintenance/maintenance.service.js';
import { JobsMetrics } from './metrics/jobs.metrics.js';
import { WorkersModule } from './workers/workers.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, validate: validateEnv(JobsEnv) }),
    MessagingModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<JobsEnv, true>) => ({
        servers: config.get('NATS_URL'),
        requestTimeoutMs: config.get('NATS_REQUEST_TIMEOUT_MS'),
        name: 'spool-jobs',
      }),
    }),
    MetricsModule.forRoot('jobs'),
    DatabaseModule,
    TerminusModule,
    JobTypesModule,
    WorkersModule,
  ],
  controllers: [JobsController, AssetsController, WorkerProtocolController, AdminController, HealthController],
  providers: [
    JobsService,
    JobsRepository,
    DependenciesRepository,
    LifecycleService,
    LifecycleRepository,
    ParkedClaims,
    JobEventsPublisher,
    JobsMetrics,
    AdminService,
    MaintenanceService,
    MessagingHealthIndicator,
    AssetsService,
    AssetsRepository,
    InputReferencesService,
  ],
})
export class AppModule {}
