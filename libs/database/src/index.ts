export * from './entities/index.js';
export * from './migrations/index.js';
export * from './data-source.js';
export * from './database-admin.js';
export * from './run-migrations.js';
export * from './query-rows.js';
export * from './prepared-query.js';
