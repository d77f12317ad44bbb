import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createDataSource, dataSourceOptions, ensureDatabase, runMigrations } from '@spool/database';
import type { JobsEnv } from '../config/jobs.env.js';

/** TypeORM over PostgreSQL; creates the database and applies migrations at start when told to. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<JobsEnv, true>) =>
        dataSourceOptions({ url: config.get('DATABASE_URL'), poolSize: config.get('DATABASE_POOL_SIZE') }),
      dataSourceFactory: async (options) => {
        const url = (options as { url: string }).url;
        const logger = new Logger('Database');
        if (await ensureDatabase(url)) logger.log(`created database ${new URL(url).pathname.slice(1)}`);
        const ds = await createDataSource({ url, poolSize: (options as { extra: { max: number } }).extra.max }).initialize();
        if (!/^(false|0|no|off)$/i.test(process.env.RUN_MIGRATIONS ?? '')) {
          const applied = await runMigrations(ds);
          logger.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date');
        }
        return ds;
      },
    }),
  ],
})
export class DatabaseModule {}
