export * from './validate-env.js';
export * from './common.env.js';
export * from './env-boolean.js';
