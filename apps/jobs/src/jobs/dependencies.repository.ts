import { Injectable } from '@nestjs/common';
import type { JobStatus } from '@spool/contracts';
import type { EntityManager } from 'typeorm';
import { EVENT_COLUMNS, insertEventsFrom, NEW_EVENT_ID, type EventRow } from '../events/event-row.js';
import type { DueLater } from '../events/job-events.publisher.js';

export interface DependencyOutcome {
  events: EventRow[];
  /** Types of the jobs that became runnable now (for wake-up hints). */
  runnable: string[];
  /** Jobs released that wait for a `runAt` still ahead. */
  later: DueLater[];
}

type ReleasedRow = EventRow & { runnable: boolean; delay_ms: number };

/** Released dependents: those runnable now, and those due later. */
const outcomeOf = (rows: ReleasedRow[]): DependencyOutcome => ({
  events: rows,
  runnable: rows.filter((r) => r.runnable).map((r) => r.type),
  later: rows.filter((r) => !r.runnable).map((r) => ({ type: r.type, delayMs: r.delay_ms })),
});

/** RETURNING columns of a release: whether the job can run now, else in how many milliseconds (database clock). */
const RELEASE_TIMING = `j.run_at <= now() AS runnable, (extract(epoch FROM j.run_at - now()) * 1000)::float8 AS delay_ms`;

/**
 * What finishing a job does to the jobs that depend on it. Runs after the
 * statement that finished the parents (in its transaction, or right after
 * its commit), as a statement of its own so that its snapshot sees every
 * dependent created up to the parents' row locks: a dependent created later
 * sees its parent finished and is never blocked on it.
 */
@Injectable()
export class DependenciesRepository {
  /** Parents succeeded: count them off their dependents; dependents with none left become pending. */
  async release(m: EntityManager, parentIds: string[]): Promise<DependencyOutcome> {
    if (parentIds.length === 0) return { events: [], runnable: [], later: [] };
    const rows: ReleasedRow[] = await m.query(
      `WITH deps AS (
         SELECT d.job_id, count(*)::int AS n FROM job_dependencies d
          WHERE d.depends_on_id = ANY ($1::uuid[]) GROUP BY d.job_id
       ), upd AS (
         UPDATE jobs j
            SET pending_dependencies = j.pending_dependencies - deps.n,
                status = CASE WHEN j.pending_dependencies = deps.n THEN 'pending'::job_status ELSE j.status END,
                event_seq = j.event_seq + CASE WHEN j.pending_dependencies = deps.n THEN 1 ELSE 0 END,
                updated_at = now()
           FROM deps
          WHERE j.id = deps.job_id AND j.status = 'blocked'
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status, ${RELEASE_TIMING},
                   'released'::text AS kind, '{}'::jsonb AS data,
                   CASE WHEN j.status = 'pending' THEN ${NEW_EVENT_ID} END AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS}, runnable, delay_ms FROM upd WHERE event_id IS NOT NULL`,
      [parentIds],
    );
    return outcomeOf(rows);
  }

  /** Parents failed or were canceled: every blocked job downstream is canceled, naming the parent. */
  async cancelDownstream(m: EntityManager, roots: { id: string; status: JobStatus }[]): Promise<EventRow[]> {
    if (roots.length === 0) return [];
    return m.query(
      `WITH RECURSIVE roots AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, status text)
       ), tree(job_id, root_id) AS (
         SELECT d.job_id, d.depends_on_id FROM job_dependencies d JOIN roots r ON d.depends_on_id = r.id
         UNION
         SELECT d.job_id, t.root_id FROM job_dependencies d JOIN tree t ON d.depends_on_id = t.job_id
       ), victims AS (
         SELECT DISTINCT ON (t.job_id) t.job_id, t.root_id, r.status AS root_status
           FROM tree t JOIN roots r ON r.id = t.root_id ORDER BY t.job_id, t.root_id
       ), upd AS (
         UPDATE jobs j
            SET status = 'canceled', finished_at = now(), updated_at = now(), event_seq = j.event_seq + 1,
                cancel_reason = 'dependency ' || v.root_id || CASE WHEN v.root_status = 'failed' THEN ' failed' ELSE ' was canceled' END
           FROM victims v
          WHERE j.id = v.job_id AND j.status = 'blocked'
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status, 'canceled'::text AS kind,
                   jsonb_build_object('reason', j.cancel_reason, 'dependencyId', v.root_id) AS data, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS} FROM upd`,
      [JSON.stringify(roots)],
    );
  }

  /**
   * Safety net run by the reaper: blocked jobs whose parents are all
   * succeeded are released, and those with a failed or canceled parent are
   * canceled. Catches the rare dependent created while its grandparent was
   * being finished.
   */
  async repair(m: EntityManager): Promise<DependencyOutcome & { canceled: EventRow[] }> {
    const stale: { id: string; bad_parent: string | null; bad_status: JobStatus | null; open: number }[] = await m.query(
      `SELECT j.id,
              (SELECT p.id FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on_id
                WHERE d.job_id = j.id AND p.status IN ('failed', 'canceled') LIMIT 1) AS bad_parent,
              (SELECT p.status FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on_id
                WHERE d.job_id = j.id AND p.status IN ('failed', 'canceled') LIMIT 1) AS bad_status,
              (SELECT count(*)::int FROM job_dependencies d JOIN jobs p ON p.id = d.depends_on_id
                WHERE d.job_id = j.id AND p.status <> 'succeeded') AS open
         FROM jobs j
        WHERE j.status = 'blocked' AND j.updated_at < now() - interval '5 seconds'
        LIMIT 500`,
    );
    const toCancel = stale.filter((s) => s.bad_parent).map((s) => ({ id: s.bad_parent!, status: s.bad_status! }));
    const toRelease = stale.filter((s) => !s.bad_parent && s.open === 0).map((s) => s.id);
    const canceled = await this.cancelDownstream(m, toCancel);
    if (toRelease.length === 0) return { events: [], runnable: [], later: [], canceled };
    const released: ReleasedRow[] = await m.query(
      `WITH upd AS (
         UPDATE jobs j SET status = 'pending', pending_dependencies = 0, event_seq = j.event_seq + 1, updated_at = now()
          WHERE j.id = ANY ($1::uuid[]) AND j.status = 'blocked'
         RETURNING j.id AS job_id, j.event_seq AS seq, j.owner_id, j.type, j.status, ${RELEASE_TIMING},
                   'released'::text AS kind, '{}'::jsonb AS data, ${NEW_EVENT_ID} AS event_id
       ), ev AS (${insertEventsFrom('upd')})
       SELECT ${EVENT_COLUMNS}, runnable, delay_ms FROM upd`,
      [toRelease],
    );
    return { ...outcomeOf(released), canceled };
  }
}
