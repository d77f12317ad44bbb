export * from './errors.js';
export * from './processor.js';
export * from './worker-runtime.options.js';
export * from './worker.env.js';
export * from './worker-runtime.service.js';
export * from './worker-runtime.module.js';
export * from './bootstrap-worker.js';
