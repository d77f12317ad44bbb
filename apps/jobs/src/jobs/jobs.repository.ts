import { Injectable } from '@nestjs/common';
import type { JobStatus } from '@spool/contracts';
import { preparedQuery, queryRows } from '@spool/database';
import type { EntityManager } from 'typeorm';
import { EVENT_COLUMNS, insertEventsFrom, NEW_EVENT_ID, type EventRow } from '../events/event-row.js';
import type { DueLater } from '../events/job-events.publisher.js';
import { JOB_SELECT, type JobRow } from './job-row.js';

/** A job ready to insert: validated, defaults applied, dependencies resolved. */
export interface NewJobRow {
  /** Made from the create request (see jobIds), so a repeated request finds its jobs; random when absent. */
  id?: string;
  /** The caller's key (or one apps/jobs made for its own jobs, starting with INTERNAL_KEY_PREFIX); null for none. */
  idempotency_key: string | null;
  project: string | null;
  type: string;
  status: JobStatus;
  priority: number;
  input: Record<string, unknown>;
  max_attempts: number;
  timeout_seconds: number;
  backoff_ms: number;
  max_backoff_ms: number;
  run_at: string | null;
  pending_dependencies: number;
  has_dependencies: boolean;
  cancel_reason: string | null;
  depends_on: string[];
  /** Set on ingest jobs: the asset whose processing_status they drive. */
  asset_id?: string | null;
}

/** What the insert says about each job it created; the rest of its view is what was inserted. */
export interface CreatedJobRow {
  id: string;
  idempotency_key: string | null;
  type: string;
  status: JobStatus;
  /** Null when it is the creation time (`created_at`): run now. */
  run_at: Date | null;
  /** The transaction's time: created_at and updated_at of every job it created, and of their events. */
  created_at: Date;
  event_id: string;
  runnable: boolean;
}

export interface JobFilter {
  ownerId: string | null;
  status?: JobStatus[];
  type?: string;
  project?: string;
  stuckMinutes?: number;
  cursor?: { at: string; id: string };
  limit: number;
}

/** Every query the job API makes; the worker protocol's are in LifecycleRepository. */
@Injectable()
export class JobsRepository {
  /** Locks the parents (so their completion sees the new dependents) and returns their status. */
  async markParents(m: EntityManager, ownerId: string, ids: string[]): Promise<{ id: string; status: JobStatus }[]> {
    if (ids.length === 0) return [];
    return queryRows(
      m,
      `UPDATE jobs SET has_dependents = true WHERE id = ANY ($1::uuid[]) AND owner_id = $2 RETURNING id, status`,
      [ids, ownerId],
    );
  }

  /**
   * Inserts new jobs with their `created` events, in one statement. A job
   * whose id or idempotency key exists already is skipped (a repeated
   * request, or a key in use). `runnable` lists the type of every new job
   * that can run now (by the database clock), `later` those pending until a
   * `runAt`, for wake-up hints.
   */
  async insert(
    m: EntityManager,
    ownerId: string,
    jobs: NewJobRow[],
  ): Promise<{ rows: CreatedJobRow[]; events: EventRow[]; runnable: string[]; later: DueLater[] }> {
    const created = await preparedQuery<CreatedJobRow>(
      m,
      'spool_jobs_insert',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(
           id uuid, idempotency_key text, project text, type text, status job_status, priority int, input jsonb,
           max_attempts int, timeout_seconds int, backoff_ms int, max_backoff_ms int, run_at timestamptz,
           pending_dependencies int, has_dependencies boolean, cancel_reason text, asset_id uuid)
       ), ins AS (
         INSERT INTO jobs (id, owner_id, idempotency_key, project, type, status, priority, input, max_attempts,
                           timeout_seconds, backoff_ms, max_backoff_ms, run_at, pending_dependencies,
                           has_dependencies, cancel_reason, finished_at, event_seq, asset_id)
         SELECT coalesce(id, gen_random_uuid()), $1, idempotency_key, project, type, status, priority, input, max_attempts,
                timeout_seconds, backoff_ms, max_backoff_ms, coalesce(run_at, now()), coalesce(pending_dependencies, 0),
                coalesce(has_dependencies, false), cancel_reason, CASE WHEN status = 'canceled' THEN now() END, 1, asset_id
           FROM input
         ON CONFLICT DO NOTHING
         RETURNING id, idempotency_key, type, status, run_at, ${NEW_EVENT_ID} AS event_id
       ), ev AS (
         INSERT INTO job_events (id, job_id, seq, owner_id, type, status, kind, data)
         SELECT event_id, id, 1, $1, type, status, 'created', '{}'::jsonb FROM ins
       )
       SELECT id, idempotency_key, type, status, NULLIF(run_at, now()) AS run_at, event_id::text AS event_id,
              status = 'pending' AND run_at <= now() AS runnable,
              CASE WHEN row_number() OVER () = 1 THEN now() END AS created_at -- the same for all: parsed once
         FROM ins`,
      // Absent keys read as NULL: null and default fields are left out of the (large) parameter.
      [ownerId, JSON.stringify(jobs.map(toInsertRecord))],
    );
    for (const r of created) r.created_at = created[0]!.created_at;
    if (jobs.some((j) => j.depends_on.length > 0)) {
      const createdIds = new Set(created.map((r) => r.id));
      const idByKey = new Map(created.filter((r) => r.idempotency_key !== null).map((r) => [r.idempotency_key!, r.id]));
      // A job inserted without an id (a random one) is found by its idempotency key.
      const idOf = (j: NewJobRow): string | undefined =>
        j.id !== undefined ? (createdIds.has(j.id) ? j.id : undefined) : j.idempotency_key !== null ? idByKey.get(j.idempotency_key) : undefined;
      const edges = jobs.flatMap((j) => {
        const id = idOf(j);
        return id === undefined ? [] : j.depends_on.map((parent) => ({ job_id: id, depends_on_id: parent }));
      });
      if (edges.length > 0) {
        await m.query(
          `INSERT INTO job_dependencies (job_id, depends_on_id)
           SELECT job_id, depends_on_id FROM jsonb_to_recordset($1::jsonb) AS x(job_id uuid, depends_on_id uuid)`,
          [JSON.stringify(edges)],
        );
      }
    }
    return {
      rows: created,
      runnable: created.filter((r) => r.runnable).map((r) => r.type),
      later: created
        .filter((r) => r.status === 'pending' && !r.runnable && r.run_at !== null)
        .map((r) => ({ type: r.type, delayMs: r.run_at!.getTime() - r.created_at.getTime() })),
      events: created.map((r) => ({
        id: r.event_id,
        job_id: r.id,
        seq: 1,
        owner_id: ownerId,
        type: r.type,
        status: r.status,
        kind: 'created',
        data: {},
        created_at: r.created_at,
      })),
    };
  }

  /** Jobs of `ownerId` with one of these ids or idempotency keys (what a repeated create finds). */
  async findByIdsOrKeys(m: EntityManager, ownerId: string, ids: string[], keys: string[]): Promise<JobRow[]> {
    return m.query(
      `SELECT ${JOB_SELECT} FROM jobs j
        WHERE j.owner_id = $1 AND (j.id = ANY ($2::uuid[]) OR j.idempotency_key = ANY ($3::text[]))`,
      [ownerId, ids, keys],
    );
  }

  async findOne(m: EntityManager, id: string, ownerId: string | null, lock = false): Promise<JobRow | undefined> {
    const rows: JobRow[] = await m.query(
      `SELECT ${JOB_SELECT} FROM jobs j WHERE j.id = $1 AND ($2::text IS NULL OR j.owner_id = $2)${lock ? ' FOR UPDATE OF j' : ''}`,
      [id, ownerId],
    );
    return rows[0];
  }

  /** Newest first, keyset-paginated on (created_at, id). */
  async list(m: EntityManager, f: JobFilter): Promise<JobRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown): string => `$${params.push(v)}`;
    if (f.ownerId !== null) where.push(`j.owner_id = ${param(f.ownerId)}`);
    if (f.status?.length) where.push(`j.status = ANY (${param(f.status)}::job_status[])`);
    if (f.type) where.push(`j.type = ${param(f.type)}`);
    if (f.project) where.push(`j.project = ${param(f.project)}`);
    if (f.stuckMinutes !== undefined) {
      where.push(
        `j.status = 'running' AND (j.lease_expires_at < now() OR j.started_at < now() - ${param(f.stuckMinutes)} * interval '1 minute')`,
      );
    }
    if (f.cursor) where.push(`(j.created_at, j.id) < (${param(f.cursor.at)}::timestamptz, ${param(f.cursor.id)}::uuid)`);
    return m.query(
      `SELECT ${JOB_SELECT} FROM jobs j ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY j.created_at DESC, j.id DESC LIMIT ${param(f.limit)}`,
      params,
    );
  }

  /** A pending or blocked job is canceled at once. */
  async cancelNow(m: EntityManager, id: string, reason: string): Promise<EventRow[]> {
    return m.query(
      `WITH upd AS (
         UPDATE jobs SET status = 'canceled', cancel_reason = $2, finished_at = now(), updated_at = now(),
                         event_seq = event_seq + 1
          WHERE id = $1 AND status IN ('pending', 'blocked')
         RETURNING id AS job_id, event_seq AS seq, owner_id, type, status, 'canceled'::text AS kind,
                   jsonb_build_object('reason', cancel_reason) AS data, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS} FROM upd`,
      [id, reason],
    );
  }

  /** A running job is asked to stop; its worker learns it from the heartbeat reply. */
  async requestCancel(m: EntityManager, id: string, reason: string): Promise<EventRow[]> {
    return m.query(
      `WITH upd AS (
         UPDATE jobs SET cancel_requested_at = now(), cancel_reason = $2, updated_at = now(), event_seq = event_seq + 1
          WHERE id = $1 AND status = 'running' AND cancel_requested_at IS NULL
         RETURNING id AS job_id, event_seq AS seq, owner_id, type, status, 'cancel_requested'::text AS kind,
                   jsonb_build_object('reason', cancel_reason) AS data, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS} FROM upd`,
      [id, reason],
    );
  }

  /** Parents of a job that have not succeeded, with their status. */
  async openParents(m: EntityManager, id: string): Promise<{ id: string; status: JobStatus }[]> {
    return m.query(
      `SELECT p.id, p.status FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on_id
        WHERE d.job_id = $1 AND p.status <> 'succeeded'`,
      [id],
    );
  }

  /** A failed or canceled job starts over: attempts reset, errors kept as history. */
  async retry(m: EntityManager, id: string, pendingDependencies: number): Promise<EventRow[]> {
    return m.query(
      `WITH upd AS (
         UPDATE jobs SET status = CASE WHEN $2::int > 0 THEN 'blocked'::job_status ELSE 'pending'::job_status END,
                         pending_dependencies = $2, attempt = 0, run_at = now(), finished_at = NULL,
                         started_at = NULL, lease_token = NULL, lease_expires_at = NULL, worker_id = NULL,
                         cancel_requested_at = NULL, cancel_reason = NULL, progress = 0, message = NULL,
                         output = NULL, updated_at = now(), event_seq = event_seq + 1
          WHERE id = $1 AND status IN ('failed', 'canceled')
         RETURNING id AS job_id, event_seq AS seq, owner_id, type, status, 'retried'::text AS kind,
                   jsonb_build_object('previousErrors', jsonb_array_length(errors)) AS data, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS} FROM upd`,
      [id, pendingDependencies],
    );
  }

  async listEvents(m: EntityManager, ownerId: string | null, jobId: string | undefined, afterId: string, limit: number): Promise<EventRow[]> {
    return m.query(
      `SELECT id::text AS id, job_id, seq, owner_id, type, status, kind, data, created_at FROM job_events
        WHERE id > $1::bigint AND ($2::text IS NULL OR owner_id = $2) AND ($3::uuid IS NULL OR job_id = $3)
        ORDER BY job_events.id LIMIT $4`,
      [afterId, ownerId, jobId ?? null, limit],
    );
  }
}

/** A NewJobRow as jsonb_to_recordset reads it: nulls and defaults left out (they read as NULL and are coalesced). */
function toInsertRecord(j: NewJobRow): Record<string, unknown> {
  const r: Record<string, unknown> = {
    type: j.type,
    status: j.status,
    priority: j.priority,
    input: j.input,
    max_attempts: j.max_attempts,
    timeout_seconds: j.timeout_seconds,
    backoff_ms: j.backoff_ms,
    max_backoff_ms: j.max_backoff_ms,
  };
  if (j.id !== undefined) r.id = j.id;
  if (j.idempotency_key !== null) r.idempotency_key = j.idempotency_key;
  if (j.project !== null) r.project = j.project;
  if (j.run_at !== null) r.run_at = j.run_at;
  if (j.pending_dependencies !== 0) r.pending_dependencies = j.pending_dependencies;
  if (j.has_dependencies) r.has_dependencies = true;
  if (j.cancel_reason !== null) r.cancel_reason = j.cancel_reason;
  if (j.asset_id) r.asset_id = j.asset_id;
  return r;
}
