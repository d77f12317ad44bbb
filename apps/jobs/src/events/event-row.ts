import type { JobEventKind, JobEventView, JobStatus } from '@spool/contracts';

/**
 * The SQL that appends events: a data-modifying CTE fragment. `source` is a
 * CTE (or subquery) with columns job_id, seq, owner_id, type, status, kind,
 * data; the fragment returns every column an event view needs.
 */
export const insertEventsFrom = (source: string): string => `
  INSERT INTO job_events (job_id, seq, owner_id, type, status, kind, data)
  SELECT job_id, seq, owner_id, type, status, kind, data FROM ${source}
  RETURNING id::text AS id, job_id, seq, owner_id, type, status, kind, data, created_at`;

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
