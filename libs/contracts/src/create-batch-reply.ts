import type { JobStatus } from './job-status.js';
import type { JobView } from './job.js';
import type { CreateJobCommand, CreateJobResult } from './jobs.messages.js';

/**
 * What apps/jobs answers to `spool.jobs.create-batch`.
 *
 * A thousand full JobViews are ~0.6 MB of JSON that apps/jobs writes, NATS
 * routes and the gateway parses, for values the gateway already has: a job
 * created just as its command asked is entirely described by the command,
 * its id, the transaction time and its type's defaults. Such a job travels
 * as its id; any other (found by its idempotency key, blocked or canceled by
 * its dependencies, or given a `runAt`) travels as a full result.
 * `expandCreateBatchReply` turns the reply back into one result per command.
 */
export interface CreateJobsBatchReply {
  /** The transaction time (ISO 8601): createdAt, updatedAt and runAt of the jobs sent by id; null when none was created. */
  at: string | null;
  /** Per job type: the max attempts and timeout a job gets when its command does not set them. */
  defaults: Record<string, { maxAttempts: number; timeoutSeconds: number }>;
  /** One per command, in order: the id of a job created as commanded, or the full result. */
  items: (string | CreateJobResult<JobView>)[];
}

/** What a job just created is made of; every other field of its view is known from that (see createdJobView). */
export type CreatedJobFields = Pick<
  JobView,
  | 'id'
  | 'ownerId'
  | 'project'
  | 'type'
  | 'status'
  | 'priority'
  | 'input'
  | 'maxAttempts'
  | 'timeoutSeconds'
  | 'dependsOn'
  | 'idempotencyKey'
  | 'cancelReason'
  | 'runAt'
> & {
  /** The transaction time, ISO 8601. */
  at: string;
};

export function createdJobView(f: CreatedJobFields): JobView {
  return {
    id: f.id,
    ownerId: f.ownerId,
    project: f.project,
    type: f.type,
    status: f.status,
    priority: f.priority,
    input: f.input,
    output: null,
    progress: 0,
    message: null,
    attempt: 0,
    maxAttempts: f.maxAttempts,
    timeoutSeconds: f.timeoutSeconds,
    dependsOn: f.dependsOn,
    idempotencyKey: f.idempotencyKey,
    lastError: null,
    errors: [],
    cancelReason: f.cancelReason,
    cancelRequested: false,
    workerId: null,
    runAt: f.runAt,
    leaseExpiresAt: null,
    createdAt: f.at,
    startedAt: null,
    // Born canceled: a dependency had already failed or been canceled.
    finishedAt: f.status === 'canceled' ? f.at : null,
    updatedAt: f.at,
  };
}

/** Whether a new job with this command and status travels as its id alone. */
export const sentAsId = (command: CreateJobCommand, status: JobStatus): boolean =>
  status === 'pending' && command.runAt === undefined && !command.dependsOn?.length;

/** One result per command, as the full JobViews apps/jobs would have sent. */
export function expandCreateBatchReply(ownerId: string, commands: CreateJobCommand[], reply: CreateJobsBatchReply): CreateJobResult<JobView>[] {
  if (reply.items.length !== commands.length) {
    throw new Error(`create-batch reply has ${reply.items.length} items for ${commands.length} jobs`);
  }
  return reply.items.map((item, i) => {
    if (typeof item !== 'string') return item;
    const c = commands[i]!;
    const d = reply.defaults[c.type];
    if (!d || reply.at === null) throw new Error(`create-batch reply has no defaults for type ${c.type}`);
    const job = createdJobView({
      id: item,
      ownerId,
      project: c.project ?? null,
      type: c.type,
      status: 'pending',
      priority: c.priority ?? 0,
      input: c.input ?? {},
      maxAttempts: c.maxAttempts ?? d.maxAttempts,
      timeoutSeconds: c.timeoutSeconds ?? d.timeoutSeconds,
      dependsOn: [],
      idempotencyKey: c.idempotencyKey ?? null,
      cancelReason: null,
      runAt: reply.at,
      at: reply.at,
    });
    return { job, created: true };
  });
}
