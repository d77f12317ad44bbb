export * from './free-port.js';
export * from './wait.js';
export * from './child.js';
export * from './nats-rpc.js';
export * from './nats-server.js';
