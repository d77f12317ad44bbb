export * from './subjects.js';
export * from './job-status.js';
export * from './errors.js';
export * from './job.js';
export * from './jobs.messages.js';
export * from './worker.messages.js';
export * from './media.js';
export * from './create-batch-reply.js';
