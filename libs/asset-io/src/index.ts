export * from './source.schema.js';
export * from './media-worker.env.js';
export * from './asset-io.service.js';
export * from './asset-io.module.js';
export * from './one-output.js';
