import { Injectable } from '@nestjs/common';
import type { CompleteItem, FailItem, HeartbeatItem, LeaseRef } from '@spool/contracts';
import { preparedQuery } from '@spool/database';
import type { EntityManager } from 'typeorm';
import { EVENT_COLUMNS, insertEventsFrom, NEW_EVENT_ID, type EventRow } from '../events/event-row.js';

/** A job leased to a worker, as the worker protocol hands it out. */
export interface LeasedRow {
  id: string;
  owner_id: string;
  type: string;
  input: Record<string, unknown>;
  attempt: number;
  max_attempts: number;
  timeout_seconds: number;
  lease_token: string;
  lease_expires_at: Date;
  has_dependencies: boolean;
  worker_id: string;
}

/** A job just claimed, with its `started` event. */
export interface ClaimedRow extends LeasedRow {
  event_id: string;
  event_at: Date;
  seq: number;
}

/** An event row plus what the transition tells the service. */
export type TransitionRow = EventRow & { has_dependents: boolean; duration: number | null };

export interface HeartbeatRow {
  job_id: string;
  cancel_requested: boolean;
  event_id: string | null;
  event_at: Date | null;
  seq: number;
  owner_id: string;
  type: string;
  status: EventRow['status'];
  data: Record<string, unknown>;
}

/** Backoff before the next attempt: exponential in the attempt number, capped, with equal jitter. */
const BACKOFF = `least(j.max_backoff_ms, j.backoff_ms * power(2, j.attempt - 1)) * (0.5 + random() * 0.5) * interval '1 millisecond'`;

/** The structured error of the current attempt, from a report `r` with name, message, code, stack, retryable, provider. */
const attemptError = (r: string, workerId: string): string =>
  `(${r} || jsonb_build_object('attempt', j.attempt, 'workerId', ${workerId}, 'at', now()))`;

/** Every query of the worker protocol and of the reaper. Each is one guarded statement. */
@Injectable()
export class LifecycleRepository {
  /**
   * Claims up to `max` runnable jobs of the given types, highest priority
   * first then oldest, skipping rows other claimers hold. Each gets a fresh
   * lease token; the `started` events are written in the same statement.
   */
  async claim(m: EntityManager, workerId: string, claimId: string | null, types: string[], max: number, leaseSeconds: number): Promise<ClaimedRow[]> {
    return preparedQuery(
      m,
      'spool_claim',
      // One ordered scan of the partial index per type (a single \`type = ANY\` scan cannot
      // return rows in priority order and reads the whole table), then the best across types.
      // Rows locked here but not picked stay locked only until this statement commits.
      `WITH next AS (
         SELECT c.id FROM unnest($1::text[]) AS t(type)
         CROSS JOIN LATERAL (
           SELECT id, priority, created_at FROM jobs
            WHERE status = 'pending' AND jobs.type = t.type AND run_at <= now()
            ORDER BY priority DESC, created_at, id
            LIMIT $2
            FOR UPDATE SKIP LOCKED
         ) c
         ORDER BY c.priority DESC, c.created_at, c.id
         LIMIT $2
       ), claimed AS (
         UPDATE jobs j
            SET status = 'running', attempt = j.attempt + 1, lease_token = gen_random_uuid(),
                lease_expires_at = now() + $3 * interval '1 second', worker_id = $4, started_at = now(),
                updated_at = now(), progress = 0, message = NULL, event_seq = j.event_seq + 1, claim_id = $5
           FROM next WHERE j.id = next.id
         RETURNING j.id, j.owner_id, j.type, j.input, j.attempt, j.max_attempts, j.timeout_seconds, j.lease_token,
                   j.lease_expires_at, j.has_dependencies, j.event_seq AS seq, j.worker_id, ${NEW_EVENT_ID} AS event_id
       ), ev AS (
         INSERT INTO job_events (id, job_id, seq, owner_id, type, status, kind, data)
         SELECT event_id, id, seq, owner_id, type, 'running', 'started', jsonb_build_object('attempt', attempt, 'workerId', worker_id)
           FROM claimed
       )
       SELECT id, owner_id, type, input, attempt, max_attempts, timeout_seconds, lease_token, lease_expires_at,
              has_dependencies, seq, worker_id, event_id::text AS event_id, now() AS event_at
         FROM claimed`,
      [types, max, leaseSeconds, workerId, claimId],
    );
  }

  /** The jobs a worker's claim leased that it still holds, lease unexpired: what a repeated claim request gets back. */
  async claimedBy(m: EntityManager, workerId: string, claimId: string, max: number): Promise<LeasedRow[]> {
    return m.query(
      `SELECT id, owner_id, type, input, attempt, max_attempts, timeout_seconds, lease_token, lease_expires_at,
              has_dependencies, worker_id
         FROM jobs
        WHERE status = 'running' AND worker_id = $1 AND claim_id = $2 AND lease_expires_at > now()
        ORDER BY priority DESC, created_at, id
        LIMIT $3`,
      [workerId, claimId, max],
    );
  }

  /** Outputs of the parents of the given jobs, keyed by child. */
  async dependencyOutputs(m: EntityManager, jobIds: string[]): Promise<{ job_id: string; id: string; type: string; output: Record<string, unknown> | null }[]> {
    return m.query(
      `SELECT d.job_id, p.id, p.type, p.output FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on_id
        WHERE d.job_id = ANY ($1::uuid[]) ORDER BY p.created_at`,
      [jobIds],
    );
  }

  /** Extends the leases that are still the caller's, records progress, and says whether cancel was asked. */
  async heartbeat(m: EntityManager, items: HeartbeatItem[], leaseSeconds: number): Promise<HeartbeatRow[]> {
    return preparedQuery(
      m,
      'spool_heartbeat',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(job_id uuid, lease_token uuid, progress int, message text)
       ), upd AS (
         UPDATE jobs j
            SET lease_expires_at = now() + $2 * interval '1 second',
                progress = coalesce(least(100, greatest(0, i.progress)), j.progress),
                message = coalesce(left(i.message, 500), j.message),
                event_seq = j.event_seq + CASE WHEN i.progress IS NOT NULL OR i.message IS NOT NULL THEN 1 ELSE 0 END,
                updated_at = now()
           FROM input i
          WHERE j.id = i.job_id AND j.lease_token = i.lease_token AND j.status = 'running'
            AND j.started_at + j.timeout_seconds * interval '1 second' > now()
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status, 'progress'::text AS kind,
                   jsonb_build_object('progress', j.progress, 'message', j.message) AS data,
                   j.cancel_requested_at IS NOT NULL AS cancel_requested,
                   CASE WHEN i.progress IS NOT NULL OR i.message IS NOT NULL THEN ${NEW_EVENT_ID} END AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT job_id, cancel_requested, event_id::text AS event_id, CASE WHEN event_id IS NOT NULL THEN now() END AS event_at,
              seq, owner_id, type, status, data
         FROM upd`,
      [JSON.stringify(items.map((i) => ({ job_id: i.jobId, lease_token: i.leaseToken, progress: i.progress, message: i.message }))), leaseSeconds],
    );
  }

  async complete(m: EntityManager, items: CompleteItem[]): Promise<TransitionRow[]> {
    return preparedQuery(
      m,
      'spool_complete',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(job_id uuid, lease_token uuid, output jsonb)
       ), upd AS (
         UPDATE jobs j
            SET status = 'succeeded', output = i.output, progress = 100, finished_at = now(), updated_at = now(),
                lease_expires_at = NULL, event_seq = j.event_seq + 1
           FROM input i
          WHERE j.id = i.job_id AND j.lease_token = i.lease_token AND j.status = 'running'
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status, 'succeeded'::text AS kind,
                   jsonb_build_object('attempt', j.attempt) AS data, j.has_dependents,
                   extract(epoch FROM j.finished_at - j.started_at)::float8 AS duration, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS}, has_dependents, duration FROM upd`,
      [JSON.stringify(items.map((i) => ({ job_id: i.jobId, lease_token: i.leaseToken, output: i.output ?? null })))],
    );
  }

  /**
   * Records a failed attempt. Retryable with attempts left: back to pending
   * after a backoff. Otherwise failed; canceled instead when cancel was asked.
   */
  async fail(m: EntityManager, workerId: string, items: FailItem[]): Promise<TransitionRow[]> {
    const retry = `(j.cancel_requested_at IS NULL AND i.retryable AND j.attempt < j.max_attempts)`;
    return preparedQuery(
      m,
      'spool_fail',
      `WITH input AS (
         SELECT job_id, lease_token, coalesce((error->>'retryable')::boolean, true) AS retryable,
                jsonb_build_object('name', coalesce(error->>'name', 'Error'), 'message', coalesce(error->>'message', ''),
                                   'code', coalesce(error->>'code', 'PROCESSOR_ERROR'), 'stack', error->'stack',
                                   'retryable', coalesce((error->>'retryable')::boolean, true),
                                   'provider', error->'provider') AS report
           FROM jsonb_to_recordset($1::jsonb) AS x(job_id uuid, lease_token uuid, error jsonb)
       ), upd AS (
         UPDATE jobs j
            SET status = (CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'canceled' WHEN ${retry} THEN 'pending' ELSE 'failed' END)::job_status,
                run_at = CASE WHEN ${retry} THEN now() + ${BACKOFF} ELSE j.run_at END,
                finished_at = CASE WHEN ${retry} THEN NULL ELSE now() END,
                last_error = ${attemptError('i.report', '$2::text')},
                errors = j.errors || jsonb_build_array(${attemptError('i.report', '$2::text')}),
                lease_expires_at = NULL, updated_at = now(), event_seq = j.event_seq + 1
           FROM input i
          WHERE j.id = i.job_id AND j.lease_token = i.lease_token AND j.status = 'running'
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status,
                   (CASE j.status WHEN 'pending' THEN 'attempt_failed' WHEN 'canceled' THEN 'canceled' ELSE 'failed' END) AS kind,
                   jsonb_build_object('attempt', j.attempt, 'error', j.last_error - 'stack', 'reason', j.cancel_reason,
                                      'retryAt', CASE WHEN j.status = 'pending' THEN j.run_at END) AS data,
                   j.has_dependents, extract(epoch FROM now() - j.started_at)::float8 AS duration, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS}, has_dependents, duration FROM upd`,
      [JSON.stringify(items.map((i) => ({ job_id: i.jobId, lease_token: i.leaseToken, error: i.error }))), workerId],
    );
  }

  /** A worker shutting down hands its jobs back: pending again, the attempt not counted. */
  async release(m: EntityManager, items: LeaseRef[]): Promise<TransitionRow[]> {
    return preparedQuery(
      m,
      'spool_release',
      `WITH input AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(job_id uuid, lease_token uuid)
       ), upd AS (
         UPDATE jobs j
            SET status = (CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'canceled' ELSE 'pending' END)::job_status,
                attempt = CASE WHEN j.cancel_requested_at IS NOT NULL THEN j.attempt ELSE j.attempt - 1 END,
                finished_at = CASE WHEN j.cancel_requested_at IS NOT NULL THEN now() END,
                run_at = now(), lease_expires_at = NULL, updated_at = now(), event_seq = j.event_seq + 1
           FROM input i
          WHERE j.id = i.job_id AND j.lease_token = i.lease_token AND j.status = 'running'
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status,
                   (CASE j.status WHEN 'canceled' THEN 'canceled' ELSE 'released' END) AS kind,
                   jsonb_build_object('reason', 'worker shutting down', 'workerId', j.worker_id) AS data,
                   j.has_dependents, NULL::float8 AS duration, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS}, has_dependents, duration FROM upd`,
      [JSON.stringify(items.map((i) => ({ job_id: i.jobId, lease_token: i.leaseToken })))],
    );
  }

  /** Items whose lease token is the job's and that already left `running`: a repeated request, already applied. */
  async alreadyApplied(m: EntityManager, items: LeaseRef[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const rows: { id: string }[] = await m.query(
      `SELECT j.id FROM jobs j JOIN jsonb_to_recordset($1::jsonb) AS x(job_id uuid, lease_token uuid)
           ON j.id = x.job_id AND j.lease_token = x.lease_token
        WHERE j.status <> 'running'`,
      [JSON.stringify(items.map((i) => ({ job_id: i.jobId, lease_token: i.leaseToken })))],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * The reaper: running jobs whose lease expired (the worker is gone) or that
   * ran past their timeout lose the attempt. SKIP LOCKED lets several
   * apps/jobs replicas reap side by side without touching the same job.
   */
  async reap(m: EntityManager, limit: number): Promise<TransitionRow[]> {
    const retry = `(j.cancel_requested_at IS NULL AND j.attempt < j.max_attempts)`;
    return m.query(
      `WITH victims AS (
         SELECT id, CASE WHEN lease_expires_at < now() THEN 'LEASE_EXPIRED' ELSE 'JOB_TIMEOUT' END AS code
           FROM jobs
          WHERE status = 'running'
            AND (lease_expires_at < now() OR started_at + timeout_seconds * interval '1 second' < now())
          ORDER BY lease_expires_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), input AS (
         SELECT v.id, v.code, jsonb_build_object(
                  'name', CASE v.code WHEN 'LEASE_EXPIRED' THEN 'LeaseExpiredError' ELSE 'JobTimeoutError' END,
                  'message', CASE v.code
                    WHEN 'LEASE_EXPIRED' THEN 'The worker stopped renewing its lease before the job finished'
                    ELSE 'The job ran longer than its timeout of ' || j.timeout_seconds || ' s' END,
                  'code', v.code, 'retryable', true) AS report
           FROM victims v JOIN jobs j ON j.id = v.id
       ), upd AS (
         UPDATE jobs j
            SET status = (CASE WHEN j.cancel_requested_at IS NOT NULL THEN 'canceled' WHEN ${retry} THEN 'pending' ELSE 'failed' END)::job_status,
                run_at = CASE WHEN ${retry} AND i.code = 'JOB_TIMEOUT' THEN now() + ${BACKOFF} ELSE now() END,
                finished_at = CASE WHEN ${retry} THEN NULL ELSE now() END,
                last_error = ${attemptError('i.report', 'j.worker_id')},
                errors = j.errors || jsonb_build_array(${attemptError('i.report', 'j.worker_id')}),
                lease_token = NULL, lease_expires_at = NULL, updated_at = now(), event_seq = j.event_seq + 1
           FROM input i
          WHERE j.id = i.id
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status,
                   (CASE WHEN j.status = 'canceled' THEN 'canceled' WHEN j.status = 'failed' THEN 'failed'
                         WHEN i.code = 'LEASE_EXPIRED' THEN 'lease_expired' ELSE 'attempt_failed' END) AS kind,
                   jsonb_build_object('attempt', j.attempt, 'error', j.last_error, 'reason', j.cancel_reason,
                                      'retryAt', CASE WHEN j.status = 'pending' THEN j.run_at END) AS data,
                   j.has_dependents, extract(epoch FROM now() - j.started_at)::float8 AS duration, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS}, has_dependents, duration FROM upd`,
      [limit],
    );
  }
}
