import { Injectable } from '@nestjs/common';
import {
  createdJobView,
  ErrorCode,
  EVENT_ID_PATTERN,
  isTerminal,
  sentAsId,
  type Caller,
  type CreateJobCommand,
  type CreateJobResult,
  type CreateJobsBatchReply,
  type JobEventView,
  type JobStatus,
  type JobView,
  type ListJobsRequest,
  type Page,
} from '@spool/contracts';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { toEventView, type EventRow } from '../events/event-row.js';
import { InputReferencesService } from '../assets/input-references.service.js';
import { JobEventsPublisher } from '../events/job-events.publisher.js';
import { JobTypesService } from '../job-types/job-types.service.js';
import { jobNotFound, rpcError } from '../rpc/rpc-error.js';
import { DependenciesRepository } from './dependencies.repository.js';
import { toJobView } from './job-row.js';
import { JobsRepository, type CreatedJobRow, type NewJobRow } from './jobs.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export const DEFAULT_BACKOFF_MS = 1000;
export const DEFAULT_MAX_BACKOFF_MS = 300_000;

/** The job API: create, read, cancel, retry. Each change commits, then its events are published. */
@Injectable()
export class JobsService {
  constructor(
    private readonly db: DataSource,
    private readonly jobs: JobsRepository,
    private readonly dependencies: DependenciesRepository,
    private readonly types: JobTypesService,
    private readonly events: JobEventsPublisher,
    private readonly references: InputReferencesService,
  ) {}

  /** Creates jobs in one transaction; each result is the job's full view. */
  async create(ownerId: string, commands: CreateJobCommand[], requestId: string): Promise<CreateJobResult<JobView>[]> {
    const { prepared, created, existing, at } = await this.insert(ownerId, commands, requestId);
    return prepared.map((p, i) => {
      const row = created.get(p.id!);
      return row ? { job: this.newJobView(ownerId, p, row, at!), created: true } : { job: existing[i]!, created: false };
    });
  }

  /**
   * `create` for a batch, answered compactly (see CreateJobsBatchReply): a
   * job created as its command asked is sent as its id.
   */
  async createBatch(ownerId: string, commands: CreateJobCommand[], requestId: string): Promise<CreateJobsBatchReply> {
    const { prepared, created, existing, at, defaults } = await this.insert(ownerId, commands, requestId);
    const items = prepared.map((p, i): CreateJobsBatchReply['items'][number] => {
      const row = created.get(p.id!);
      if (!row) return { job: existing[i]!, created: false };
      return sentAsId(commands[i]!, row.status) ? row.id : { job: this.newJobView(ownerId, p, row, at!), created: true };
    });
    return { at, defaults: Object.fromEntries(defaults), items };
  }

  /**
   * Inserts the jobs and their `created` events in one transaction (one
   * statement when no job has dependencies), then publishes after commit.
   * A job's id is made from the request id (see jobIds): a request repeated
   * by JobsClient finds the jobs its first copy created, and a job whose
   * idempotency key is taken gets the job that holds it.
   */
  private async insert(ownerId: string, commands: CreateJobCommand[], requestId: string) {
    const { prepared, defaults } = await this.prepare(ownerId, commands, requestId);
    await this.references.check(
      ownerId,
      prepared.map((p, i) => ({ input: p.input, prefix: commands.length > 1 ? `jobs[${i}].` : '' })),
    );
    const parentIds = [...new Set(commands.flatMap((c) => c.dependsOn ?? []))];
    const write = async (m: EntityManager) => {
      if (parentIds.length > 0) {
        const parents = await this.jobs.markParents(m, ownerId, parentIds);
        const status = new Map(parents.map((p) => [p.id, p.status]));
        const missing = parentIds.filter((id) => !status.has(id));
        if (missing.length > 0) {
          throw rpcError(422, ErrorCode.DEPENDENCY_NOT_FOUND, 'Unknown dependency', `No job ${missing.join(', ')}`, [
            { field: 'dependsOn', message: `unknown job ${missing[0]}` },
          ]);
        }
        for (const job of prepared) applyParents(job, status);
      }
      return this.jobs.insert(m, ownerId, prepared);
    };
    // Without dependencies the insert is a single statement: no explicit transaction needed.
    const inserted = parentIds.length > 0 ? await this.db.transaction(write) : await write(this.db.manager);
    const created = new Map(inserted.rows.map((r) => [r.id, r]));
    // Hints first: they start claims. Then the events, once the reply is on its way.
    this.events.wake(inserted.runnable);
    this.events.wakeLater(inserted.later);
    this.events.publishEvents(inserted.events);

    // Repeated request or key in use: the jobs that exist (committed: the insert waited for them).
    const existing: JobView[] = [];
    const missed = prepared.filter((p) => !created.has(p.id!));
    if (missed.length > 0) {
      const keys = missed.flatMap((p) => (p.idempotency_key ? [p.idempotency_key] : []));
      const found = await this.jobs.findByIdsOrKeys(this.db.manager, ownerId, missed.map((p) => p.id!), keys);
      const byId = new Map(found.map((r) => [r.id, r]));
      const byKey = new Map(found.filter((r) => r.idempotency_key !== null).map((r) => [r.idempotency_key!, r]));
      prepared.forEach((p, i) => {
        if (created.has(p.id!)) return;
        const row = byId.get(p.id!) ?? (p.idempotency_key ? byKey.get(p.idempotency_key) : undefined);
        if (!row) throw rpcError(409, ErrorCode.IDEMPOTENCY_CONFLICT, 'Idempotency key in use', `Key ${p.idempotency_key} could not be resolved`);
        existing[i] = toJobView(row);
      });
    }

    const at = inserted.rows[0]?.created_at.toISOString() ?? null;
    return { prepared, created, existing, at, defaults };
  }

  async get(caller: Caller, jobId: string): Promise<JobView> {
    const row = await this.jobs.findOne(this.db.manager, jobId, ownerOf(caller));
    if (!row) throw jobNotFound(jobId);
    return toJobView(row);
  }

  async list(req: ListJobsRequest): Promise<Page<JobView>> {
    const limit = Math.min(Math.max(req.limit ?? 50, 1), 500);
    const rows = await this.jobs.list(this.db.manager, {
      ownerId: req.caller.admin ? (req.ownerId ?? null) : ownerOf(req.caller),
      status: req.status,
      type: req.type,
      project: req.project,
      stuckMinutes: req.caller.admin && (req.stuck || req.stuckMinutes !== undefined) ? (req.stuckMinutes ?? 30) : undefined,
      cursor: req.cursor ? decodeCursor(req.cursor) : undefined,
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toJobView), nextCursor: rows.length > limit && last ? encodeCursor(last.cursor_at, last.id) : null };
  }

  /** Pending or blocked: canceled now. Running: cancel requested, ends `canceled` when the worker stops. */
  async cancel(caller: Caller, jobId: string, reason = 'canceled by request'): Promise<JobView> {
    const events = await this.db.transaction(async (m) => {
      const row = await this.jobs.findOne(m, jobId, ownerOf(caller), true);
      if (!row) throw jobNotFound(jobId);
      if (isTerminal(row.status)) {
        throw rpcError(409, ErrorCode.JOB_ALREADY_FINISHED, 'Job already finished', `Job ${jobId} is ${row.status}`);
      }
      if (row.status === 'running') return this.jobs.requestCancel(m, jobId, reason);
      const canceled = await this.jobs.cancelNow(m, jobId, reason);
      const downstream = await this.dependencies.cancelDownstream(m, [{ id: jobId, status: 'canceled' }]);
      return [...canceled, ...downstream];
    });
    this.events.publishEvents(events);
    return this.get(caller, jobId);
  }

  /** A failed or canceled job runs again from attempt 0; its parents must not have failed. */
  async retry(caller: Caller, jobId: string): Promise<JobView> {
    const { events, runnable, view } = await this.db.transaction(async (m) => {
      const row = await this.jobs.findOne(m, jobId, ownerOf(caller), true);
      if (!row) throw jobNotFound(jobId);
      if (row.status !== 'failed' && row.status !== 'canceled') {
        throw rpcError(409, ErrorCode.JOB_NOT_RETRYABLE, 'Job cannot be retried', `Job ${jobId} is ${row.status}; only failed or canceled jobs can be retried`);
      }
      const open = await this.jobs.openParents(m, jobId);
      const dead = open.find((p) => p.status === 'failed' || p.status === 'canceled');
      if (dead) {
        throw rpcError(409, ErrorCode.JOB_NOT_RETRYABLE, 'Job cannot be retried', `Its dependency ${dead.id} is ${dead.status}; retry that job first`);
      }
      const events = await this.jobs.retry(m, jobId, open.length);
      // Read in the transaction: once it commits, a waiting claim may take the job at once.
      const retried = (await this.jobs.findOne(m, jobId, ownerOf(caller)))!;
      return { events, runnable: open.length === 0 ? [row.type] : [], view: toJobView(retried) };
    });
    this.events.publishEvents(events);
    this.events.wake(runnable);
    return view;
  }

  async listEvents(caller: Caller, jobId: string | undefined, afterId: string | undefined, limit = 500): Promise<JobEventView[]> {
    if (jobId) await this.get(caller, jobId);
    const after = afterId && EVENT_ID_PATTERN.test(afterId) ? afterId : '0';
    const rows: EventRow[] = await this.jobs.listEvents(this.db.manager, ownerOf(caller), jobId, after, Math.min(Math.max(limit, 1), 1000));
    return rows.map(toEventView);
  }

  private async prepare(ownerId: string, commands: CreateJobCommand[], requestId: string) {
    const ids = jobIds(ownerId, requestId, commands.length);
    const defaults = new Map<string, { maxAttempts: number; timeoutSeconds: number }>();
    const prepared: NewJobRow[] = [];
    for (const [i, c] of commands.entries()) {
      const prefix = commands.length > 1 ? `jobs[${i}].` : '';
      const input = c.input ?? {};
      const type = await this.types.validateInput(c.type, input, prefix);
      if (!defaults.has(c.type)) defaults.set(c.type, { maxAttempts: type.max_attempts, timeoutSeconds: type.timeout_seconds });
      prepared.push({
        id: ids[i]!,
        idempotency_key: c.idempotencyKey ?? null,
        project: c.project ?? null,
        type: c.type,
        status: 'pending',
        priority: c.priority ?? 0,
        input,
        max_attempts: c.maxAttempts ?? type.max_attempts,
        timeout_seconds: c.timeoutSeconds ?? type.timeout_seconds,
        backoff_ms: c.backoffMs ?? DEFAULT_BACKOFF_MS,
        max_backoff_ms: Math.max(c.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS, c.backoffMs ?? DEFAULT_BACKOFF_MS),
        run_at: c.runAt ?? null,
        pending_dependencies: 0,
        has_dependencies: (c.dependsOn?.length ?? 0) > 0,
        cancel_reason: null,
        depends_on: [...new Set(c.dependsOn ?? [])],
      });
    }
    return { prepared, defaults };
  }

  /** The view of a job this request created (what a read would return; input as the caller sent it). */
  private newJobView(ownerId: string, p: NewJobRow, row: CreatedJobRow, at: string): JobView {
    return createdJobView({
      id: row.id,
      ownerId,
      project: p.project,
      type: p.type,
      status: p.status,
      priority: p.priority,
      input: p.input,
      maxAttempts: p.max_attempts,
      timeoutSeconds: p.timeout_seconds,
      dependsOn: [...p.depends_on].sort(),
      idempotencyKey: p.idempotency_key,
      cancelReason: p.cancel_reason,
      runAt: row.run_at ? row.run_at.toISOString() : at,
      at,
    });
  }
}

/**
 * The ids of the jobs of one create request: a hash of the owner and the
 * request id (random, made by the gateway per HTTP request) with the job's
 * position in its low bits. The same request sent twice yields the same ids,
 * so the copy finds what the first created: the idempotency of retried
 * requests costs no stored key per job. Formatted as RFC 9562 version 8.
 */
export function jobIds(ownerId: string, requestId: string, n: number): string[] {
  const base = createHash('sha256').update(`${ownerId}\u0000${requestId}`).digest().subarray(0, 16);
  base[6] = (base[6]! & 0x0f) | 0x80;
  base[8] = (base[8]! & 0x3f) | 0x80;
  const tail = base.readUInt32BE(12);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    base.writeUInt32BE((tail ^ i) >>> 0, 12);
    const h = base.toString('hex');
    ids.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return ids;
}

const ownerOf = (caller: Caller): string | null => (caller.admin ? null : caller.ownerId);

/** A job waits on parents that have not succeeded, and is born canceled if one already failed. */
function applyParents(job: NewJobRow, status: Map<string, JobStatus>): void {
  const open = job.depends_on.filter((id) => status.get(id) !== 'succeeded');
  const dead = open.find((id) => status.get(id) === 'failed' || status.get(id) === 'canceled');
  if (dead) {
    job.status = 'canceled';
    job.cancel_reason = `dependency ${dead} ${status.get(dead) === 'failed' ? 'failed' : 'was canceled'}`;
  } else if (open.length > 0) {
    job.status = 'blocked';
    job.pending_dependencies = open.length;
  }
}
