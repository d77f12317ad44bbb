import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The job lifecycle schema: jobs, their dependencies and events, job types
 * and the worker registry. Every invariant the lifecycle relies on is a
 * constraint here, not a convention in code.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE job_status AS ENUM ('blocked', 'pending', 'running', 'succeeded', 'failed', 'canceled')`);

    await q.query(`
      CREATE TABLE job_types (
        type            varchar(100) PRIMARY KEY CHECK (type ~ '^[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*$'),
        description     text,
        input_schema    jsonb NOT NULL DEFAULT '{}'::jsonb,
        timeout_seconds integer NOT NULL CHECK (timeout_seconds BETWEEN 1 AND 86400),
        max_attempts    integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 25),
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE jobs (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id            varchar(200) NOT NULL CHECK (owner_id <> ''),
        project             varchar(200),
        type                varchar(100) NOT NULL REFERENCES job_types (type) ON UPDATE CASCADE,
        status              job_status NOT NULL,
        priority            integer NOT NULL DEFAULT 0 CHECK (priority BETWEEN -100 AND 100),
        input               jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(input) = 'object'),
        output              jsonb,
        progress            smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        message             varchar(500),
        attempt             integer NOT NULL DEFAULT 0 CHECK (attempt >= 0),
        max_attempts        integer NOT NULL DEFAULT 3 CHECK (max_attempts BETWEEN 1 AND 25),
        timeout_seconds     integer NOT NULL CHECK (timeout_seconds BETWEEN 1 AND 86400),
        backoff_ms          integer NOT NULL DEFAULT 1000 CHECK (backoff_ms BETWEEN 10 AND 3600000),
        max_backoff_ms      integer NOT NULL DEFAULT 300000 CHECK (max_backoff_ms BETWEEN 10 AND 86400000),
        pending_dependencies integer NOT NULL DEFAULT 0 CHECK (pending_dependencies >= 0),
        has_dependencies    boolean NOT NULL DEFAULT false,
        -- set (under the parent's row lock) when a job that depends on this one is created, so the
        -- transaction that finishes this job knows to release or cancel its dependents.
        has_dependents      boolean NOT NULL DEFAULT false,
        idempotency_key     varchar(255),
        lease_token         uuid,
        lease_expires_at    timestamptz,
        worker_id           varchar(200),
        cancel_requested_at timestamptz,
        cancel_reason       varchar(500),
        last_error          jsonb,
        errors              jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(errors) = 'array'),
        event_seq           integer NOT NULL DEFAULT 0,
        run_at              timestamptz NOT NULL DEFAULT now(),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        started_at          timestamptz,
        finished_at         timestamptz,
        CONSTRAINT jobs_attempt_within_max CHECK (attempt <= max_attempts),
        CONSTRAINT jobs_running_has_lease CHECK (status <> 'running' OR (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL)),
        CONSTRAINT jobs_finished_has_time CHECK ((status IN ('succeeded', 'failed', 'canceled')) = (finished_at IS NOT NULL)),
        CONSTRAINT jobs_blocked_has_dependencies CHECK (status <> 'blocked' OR pending_dependencies > 0)
      )`);
    await q.query(`CREATE UNIQUE INDEX jobs_owner_idempotency_key ON jobs (owner_id, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    // The claim query: runnable jobs of a type, highest priority first, then oldest.
    await q.query(`CREATE INDEX jobs_claim ON jobs (type, priority DESC, created_at, id) WHERE status = 'pending'`);
    // The reaper: running jobs by lease expiry.
    await q.query(`CREATE INDEX jobs_running_lease ON jobs (lease_expires_at) WHERE status = 'running'`);
    await q.query(`CREATE INDEX jobs_owner_created ON jobs (owner_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_status_created ON jobs (status, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL`);

    await q.query(`
      CREATE TABLE job_dependencies (
        job_id        uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        depends_on_id uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        PRIMARY KEY (job_id, depends_on_id),
        CHECK (job_id <> depends_on_id)
      )`);
    await q.query(`CREATE INDEX job_dependencies_parent ON job_dependencies (depends_on_id)`);

    await q.query(`
      CREATE TABLE job_events (
        id         bigserial PRIMARY KEY,
        job_id     uuid NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        seq        integer NOT NULL CHECK (seq > 0),
        owner_id   varchar(200) NOT NULL,
        type       varchar(100) NOT NULL,
        status     job_status NOT NULL,
        kind       varchar(40) NOT NULL CHECK (kind IN ('created', 'released', 'started', 'progress', 'succeeded',
                     'attempt_failed', 'failed', 'cancel_requested', 'canceled', 'retried', 'lease_expired')),
        data       jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT job_events_job_seq UNIQUE (job_id, seq)
      )`);
    await q.query(`CREATE INDEX job_events_owner ON job_events (owner_id, id)`);

    await q.query(`
      CREATE TABLE workers (
        id           varchar(200) PRIMARY KEY,
        name         varchar(100) NOT NULL,
        host         varchar(255) NOT NULL,
        pid          integer NOT NULL,
        version      varchar(50) NOT NULL,
        types        text[] NOT NULL,
        concurrency  integer NOT NULL CHECK (concurrency >= 1),
        active_jobs  integer NOT NULL DEFAULT 0 CHECK (active_jobs >= 0),
        started_at   timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        stopped_at   timestamptz
      )`);
    await q.query(`CREATE INDEX workers_last_seen ON workers (last_seen_at DESC)`);

    await q.query(`
      CREATE VIEW job_stats AS
        SELECT type, status, count(*)::bigint AS jobs,
               min(created_at) FILTER (WHERE status = 'pending') AS oldest_pending_created_at,
               count(*) FILTER (WHERE finished_at > now() - interval '5 minutes')::bigint AS finished_last_5m
          FROM jobs GROUP BY type, status`);
    await q.query(`
      CREATE VIEW active_jobs AS
        SELECT id, owner_id, type, attempt, max_attempts, progress, message, worker_id, started_at,
               lease_expires_at, now() - started_at AS running_for, lease_expires_at < now() AS lease_expired
          FROM jobs WHERE status = 'running'`);
    await q.query(`
      CREATE VIEW pending_jobs_queue AS
        SELECT id, owner_id, type, priority, attempt, run_at, created_at, run_at <= now() AS runnable
          FROM jobs WHERE status = 'pending'
         ORDER BY priority DESC, created_at, id`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS pending_jobs_queue`);
    await q.query(`DROP VIEW IF EXISTS active_jobs`);
    await q.query(`DROP VIEW IF EXISTS job_stats`);
    await q.query(`DROP TABLE IF EXISTS workers`);
    await q.query(`DROP TABLE IF EXISTS job_events`);
    await q.query(`DROP TABLE IF EXISTS job_dependencies`);
    await q.query(`DROP TABLE IF EXISTS jobs`);
    await q.query(`DROP TABLE IF EXISTS job_types`);
    await q.query(`DROP TYPE IF EXISTS job_status`);
  }
}
