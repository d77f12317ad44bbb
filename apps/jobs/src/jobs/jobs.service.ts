import { Injectable } from '@nestjs/common';
import {
  ErrorCode,
  EVENT_ID_PATTERN,
  INTERNAL_KEY_PREFIX,
  isTerminal,
  type Caller,
  type CreateJobCommand,
  type CreateJobResult,
  type JobEventView,
  type JobStatus,
  type JobView,
  type ListJobsRequest,
  type Page,
} from '@spool/contracts';
import { DataSource } from 'typeorm';
import { toEventView, type EventRow } from '../events/event-row.js';
import { InputReferencesService } from '../assets/input-references.service.js';
import { JobEventsPublisher } from '../events/job-events.publisher.js';
import { JobTypesService } from '../job-types/job-types.service.js';
import { jobNotFound, rpcError } from '../rpc/rpc-error.js';
import { DependenciesRepository } from './dependencies.repository.js';
import { toJobView, type JobRow } from './job-row.js';
import { JobsRepository, type NewJobRow } from './jobs.repository.js';
import { decodeCursor, encodeCursor } from './cursor.js';

const DEFAULT_BACKOFF_MS = 1000;
const DEFAULT_MAX_BACKOFF_MS = 300_000;

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

  /**
   * Creates jobs in one transaction. Every job gets an idempotency key (the
   * caller's, or one made from the request id) so a retried request returns
   * the jobs it created instead of creating them again.
   */
  async create(ownerId: string, commands: CreateJobCommand[], requestId: string): Promise<CreateJobResult<JobView>[]> {
    const prepared = await this.prepare(commands, requestId);
    await this.references.check(
      ownerId,
      prepared.map((p, i) => ({ input: p.input, prefix: commands.length > 1 ? `jobs[${i}].` : '' })),
    );
    const parentIds = [...new Set(commands.flatMap((c) => c.dependsOn ?? []))];

    const { rows, existing, events, runnable } = await this.db.transaction(async (m) => {
      const parents = await this.jobs.markParents(m, ownerId, parentIds);
      const status = new Map(parents.map((p) => [p.id, p.status]));
      const missing = parentIds.filter((id) => !status.has(id));
      if (missing.length > 0) {
        throw rpcError(422, ErrorCode.DEPENDENCY_NOT_FOUND, 'Unknown dependency', `No job ${missing.join(', ')}`, [
          { field: 'dependsOn', message: `unknown job ${missing[0]}` },
        ]);
      }
      for (const job of prepared) applyParents(job, status);
      const inserted = await this.jobs.insert(m, ownerId, prepared);
      const createdKeys = new Set(inserted.rows.map((r) => r.idempotency_key));
      const replayKeys = prepared.map((p) => p.idempotency_key).filter((k) => !createdKeys.has(k));
      const found = replayKeys.length ? await this.jobs.findByKeys(m, ownerId, replayKeys) : [];
      return { rows: inserted.rows, existing: found, events: inserted.events, runnable: inserted.runnable };
    });

    this.events.publishEvents(events);
    this.events.wake(runnable);
    const byKey = new Map<string, { row: JobRow; created: boolean }>();
    for (const row of existing) byKey.set(row.idempotency_key!, { row, created: false });
    for (const row of rows) byKey.set(row.idempotency_key!, { row, created: true });
    return prepared.map((p) => {
      const hit = byKey.get(p.idempotency_key);
      if (!hit) throw rpcError(409, ErrorCode.IDEMPOTENCY_CONFLICT, 'Idempotency key in use', `Key ${p.idempotency_key} could not be resolved`);
      return { job: toJobView(hit.row), created: hit.created };
    });
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
    const { events, runnable } = await this.db.transaction(async (m) => {
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
      return { events, runnable: open.length === 0 ? [row.type] : [] };
    });
    this.events.publishEvents(events);
    this.events.wake(runnable);
    return this.get(caller, jobId);
  }

  async listEvents(caller: Caller, jobId: string | undefined, afterId: string | undefined, limit = 500): Promise<JobEventView[]> {
    if (jobId) await this.get(caller, jobId);
    const after = afterId && EVENT_ID_PATTERN.test(afterId) ? afterId : '0';
    const rows: EventRow[] = await this.jobs.listEvents(this.db.manager, ownerOf(caller), jobId, after, Math.min(Math.max(limit, 1), 1000));
    return rows.map(toEventView);
  }

  private async prepare(commands: CreateJobCommand[], requestId: string): Promise<NewJobRow[]> {
    const rows: NewJobRow[] = [];
    for (const [i, c] of commands.entries()) {
      const prefix = commands.length > 1 ? `jobs[${i}].` : '';
      const input = c.input ?? {};
      const type = await this.types.validateInput(c.type, input, prefix);
      rows.push({
        idempotency_key: c.idempotencyKey ?? `${INTERNAL_KEY_PREFIX}${requestId}:${i}`,
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
    return rows;
  }
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
