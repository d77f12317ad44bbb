import { hostname } from 'node:os';
import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AuthModule } from '@spool/auth';
import { MessagingModule } from '@spool/messaging';
import { MetricsModule } from '@spool/observability';
import { StorageModule } from '@spool/storage';
import { AdminModule } from './admin/admin.module.js';
import { AssetsModule } from './assets/assets.module.js';
import type { GatewayEnv } from './config/gateway.env.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { HttpMetricsModule } from './http-metrics/http-metrics.module.js';
import { JobTypesModule } from './job-types/job-types.module.js';
import { JobsModule } from './jobs/jobs.module.js';

/** The gateway, from settings already validated (see loadGatewayEnv). */
@Module({})
export class AppModule {
  static forRoot(env: GatewayEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, ignoreEnvVars: true, load: [() => ({ ...env })] }),
        MessagingModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<GatewayEnv, true>) => ({
            servers: config.get('NATS_URL'),
            requestTimeoutMs: config.get('NATS_REQUEST_TIMEOUT_MS'),
            name: `spool-gateway@${hostname()}`,
          }),
        }),
        AuthModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<GatewayEnv, true>) => ({
            jwtSecret: config.get('JWT_SECRET'),
            jwksUrl: config.get('JWT_JWKS_URL'),
            issuer: config.get('JWT_ISSUER'),
            audience: config.get('JWT_AUDIENCE'),
            adminApiKey: config.get('ADMIN_API_KEY'),
          }),
        }),
        MetricsModule.forRoot('gateway'),
        HttpMetricsModule,
        HealthModule,
        StorageModule.forRoot(),
        JobsModule,
        AssetsModule,
        EventsModule,
        JobTypesModule,
        AdminModule,
      ],
    };
  }
}
