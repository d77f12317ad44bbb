/** ClientProxy (NATS) used to call apps/jobs. */
export const JOBS_CLIENT = Symbol('JOBS_CLIENT');
/** The raw NATS connection behind JOBS_CLIENT, for publish/subscribe. */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
