import type { JobEventKind, JobEventView, JobStatus } from '@spool/contracts';

/**
 * The id of a new event, drawn in the statement that makes the transition
 * (in its RETURNING, next to the event's other columns). The event row is
 * then inserted by a data-modifying CTE that nobody needs to join back to:
 * joining the inserted events to the changed jobs cost a nested loop over
 * both (PostgreSQL cannot estimate CTE sizes) that grew with the square of
 * the batch. Its time is `now()`, the transaction's, like the row default.
 */
export const NEW_EVENT_ID = `nextval('job_events_id_seq'::regclass)`;

/**
 * The SQL that appends events: a data-modifying CTE body. `source` is a CTE
 * with columns event_id (from NEW_EVENT_ID), job_id, seq, owner_id, type,
 * status, kind, data; rows whose event_id is NULL get no event.
 */
export const insertEventsFrom = (source: string): string => `
  INSERT INTO job_events (id, job_id, seq, owner_id, type, status, kind, data)
  SELECT event_id, job_id, seq, owner_id, type, status, kind, data FROM ${source} WHERE event_id IS NOT NULL`;

/** The columns of an EventRow, selected from such a source (event ids as text, times from the transaction). */
export const EVENT_COLUMNS = `event_id::text AS id, job_id, seq, owner_id, type, status, kind, data, now() AS created_at`;

export interface EventRow {
  id: string;
  job_id: string;
  seq: number;
  owner_id: string;
  type: string;
  status: JobStatus;
  kind: JobEventKind;
  data: Record<string, unknown>;
  created_at: Date;
}

export const toEventView = (row: EventRow): JobEventView => ({
  id: row.id,
  jobId: row.job_id,
  ownerId: row.owner_id,
  type: row.type,
  status: row.status,
  seq: row.seq,
  kind: row.kind,
  data: row.data,
  at: row.created_at.toISOString(),
});
