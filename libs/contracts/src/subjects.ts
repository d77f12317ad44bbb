/**
 * Every NATS subject Spool uses. Apps import these constants; no subject is
 * ever written as a string literal anywhere else.
 */
export const JobsSubjects = {
  ping: 'spool.jobs.ping',
  create: 'spool.jobs.create',
  createBatch: 'spool.jobs.create-batch',
  get: 'spool.jobs.get',
  list: 'spool.jobs.list',
  cancel: 'spool.jobs.cancel',
  retry: 'spool.jobs.retry',
  listEvents: 'spool.jobs.events.list',
  jobTypes: 'spool.jobs.types',
} as const;

/** The worker protocol: served by apps/jobs, called by the worker runtime. */
export const WorkerSubjects = {
  register: 'spool.worker.register',
  deregister: 'spool.worker.deregister',
  claim: 'spool.worker.claim',
  heartbeat: 'spool.worker.heartbeat',
  complete: 'spool.worker.complete',
  fail: 'spool.worker.fail',
  release: 'spool.worker.release',
  /** Published (every replica hears it), not a request. */
  unpark: 'spool.worker.unpark',
} as const;

/** Assets: served by apps/jobs. `locate` is for workers, the rest for the gateway. */
export const AssetsSubjects = {
  create: 'spool.assets.create',
  get: 'spool.assets.get',
  list: 'spool.assets.list',
  delete: 'spool.assets.delete',
  locate: 'spool.assets.locate',
} as const;

export const AdminSubjects = {
  queue: 'spool.admin.queue',
  jobs: 'spool.admin.jobs',
  retry: 'spool.admin.retry',
  cancel: 'spool.admin.cancel',
  workers: 'spool.admin.workers',
  cleanup: 'spool.admin.cleanup',
} as const;

/** Queue group shared by every apps/jobs replica, so each request is served once. */
export const JOBS_QUEUE_GROUP = 'spool-jobs';

/** Published by apps/jobs after commit, one message per job event. */
export const JOB_EVENTS_PREFIX = 'job.events';
export const JOB_EVENTS_WILDCARD = `${JOB_EVENTS_PREFIX}.>`;
export const jobEventSubject = (jobId: string): string => `${JOB_EVENTS_PREFIX}.${jobId}`;

/** Wake-up hints: "there is runnable work of this type". Carries no job. */
export const WAKEUP_PREFIX = 'jobs.wakeup';
export const wakeupSubject = (type: string): string => `${WAKEUP_PREFIX}.${type}`;

/**
 * Wake-up hints for a single runnable job. Workers listen to this subject in
 * one queue group, so the hint wakes one worker (which claims the job, or
 * passes the hint on to all on `wakeupSubject` when it has no free slot)
 * instead of every worker, all but one of which would claim nothing.
 * Hints for several jobs go to `wakeupSubject`: every worker claims its share.
 */
export const wakeupOneSubject = (type: string): string => `${WAKEUP_PREFIX}-one.${type}`;

/** The queue group of `wakeupOneSubject` subscriptions. */
export const WAKEUP_QUEUE_GROUP = 'spool-workers';

/** Every wake-up hint, for one job or several (apps/jobs replicas hear each other's). */
export const WAKEUP_WILDCARDS = [wakeupSubject('>'), wakeupOneSubject('>')] as const;
