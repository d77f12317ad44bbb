import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions, ensureDatabase, runMigrations } from '@spool/database';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { JobsEnv } from '../config/jobs.env.js';

/**
 * TypeORM over PostgreSQL; creates the database at start, and applies
 * migrations when RUN_MIGRATIONS says so (carried as `migrationsRun`, but run
 * here under the advisory lock rather than by TypeORM).
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<JobsEnv, true>) => ({
        ...dataSourceOptions({ url: config.get('DATABASE_URL'), poolSize: config.get('DATABASE_POOL_SIZE') }),
        migrationsRun: config.get('RUN_MIGRATIONS'),
      }),
      dataSourceFactory: async (options?: DataSourceOptions) => {
        const logger = new Logger('Database');
        const { url } = options as DataSourceOptions & { url: string };
        if (await ensureDatabase(url)) logger.log(`created database ${new URL(url).pathname.slice(1)}`);
        const ds = await new DataSource({ ...options!, migrationsRun: false }).initialize();
        if (options!.migrationsRun) {
          const applied = await runMigrations(ds);
          logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date');
        }
        return ds;
      },
    }),
  ],
})
export class DatabaseModule {}
