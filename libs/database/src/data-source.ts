import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/spool';

export interface DatabaseSettings {
  url: string;
  poolSize?: number;
  /** `all`: every statement (development only); `none`: not even errors (tests that provoke them). Default: errors. */
  logging?: 'all' | 'errors' | 'none';
}

/** One place that says how Spool talks to PostgreSQL; `synchronize` is never on. */
export function dataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'spool_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: settings.logging === 'all' ? 'all' : settings.logging === 'none' ? false : ['error'],
    extra: { max: settings.poolSize ?? 10, application_name: 'spool' },
  };
}

export const createDataSource = (settings: DatabaseSettings): DataSource => new DataSource(dataSourceOptions(settings));
