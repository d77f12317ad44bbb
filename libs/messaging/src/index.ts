export * from './tokens.js';
export * from './remote-error.js';
export * from './jobs-client.service.js';
export * from './messaging.options.js';
export * from './messaging.module.js';
export * from './nats-publisher.service.js';
export * from './messaging.health.js';
