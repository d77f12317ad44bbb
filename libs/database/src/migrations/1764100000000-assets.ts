import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The media job types Spool queues by itself on upload; the worker's registration fills in their schemas. */
const INGEST_TYPES: [string, number][] = [
  ['video.probe', 300],
  ['video.proxy', 3600],
  ['video.thumbnails', 1800],
  ['image.thumbnail', 120],
];

/**
 * Assets: uploaded and derived media. An asset's `processing_status` is
 * driven by the jobs that process it (`jobs.asset_id`) through a trigger, so
 * it moves in the same transaction as every job transition, whichever code
 * path makes it (claim, completion, failure, reaper, cancel, retry). It is
 * derived from all those jobs each time: failed while any of them is failed
 * or canceled, completed once all succeeded, processing once one has started.
 */
export class Assets1764100000000 implements MigrationInterface {
  name = 'Assets1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE asset_kind AS ENUM ('video', 'audio', 'image', 'other')`);
    await q.query(`CREATE TYPE asset_processing_status AS ENUM ('pending', 'processing', 'completed', 'failed')`);
    await q.query(`
      CREATE TABLE assets (
        id                      uuid PRIMARY KEY,
        owner_id                varchar(200) NOT NULL CHECK (owner_id <> ''),
        project                 varchar(200),
        kind                    asset_kind NOT NULL,
        storage_key             varchar(512) NOT NULL UNIQUE,
        filename                varchar(255),
        content_type            varchar(255) NOT NULL,
        size                    bigint NOT NULL CHECK (size > 0),
        sha256                  char(64) NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        probe                   jsonb CHECK (probe IS NULL OR jsonb_typeof(probe) = 'object'),
        parent_asset_id         uuid REFERENCES assets (id) ON DELETE SET NULL,
        job_id                  uuid REFERENCES jobs (id) ON DELETE SET NULL,
        role                    varchar(50),
        processing_status       asset_processing_status NOT NULL,
        processing_job_id       uuid REFERENCES jobs (id) ON DELETE SET NULL,
        processing_completed_at timestamptz,
        processing_error        jsonb,
        created_at              timestamptz NOT NULL DEFAULT now(),
        updated_at              timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT assets_finished_has_time CHECK ((processing_status IN ('completed', 'failed')) = (processing_completed_at IS NOT NULL)),
        CONSTRAINT assets_failed_has_error CHECK ((processing_status = 'failed') = (processing_error IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX assets_owner_created ON assets (owner_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX assets_parent ON assets (parent_asset_id) WHERE parent_asset_id IS NOT NULL`);
    // Deleting old jobs sets these to NULL: without indexes each deleted job would scan assets.
    await q.query(`CREATE INDEX assets_job ON assets (job_id) WHERE job_id IS NOT NULL`);
    await q.query(`CREATE INDEX assets_processing_job ON assets (processing_job_id) WHERE processing_job_id IS NOT NULL`);

    await q.query(`ALTER TABLE jobs ADD COLUMN asset_id uuid REFERENCES assets (id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX jobs_asset ON jobs (asset_id, status) WHERE asset_id IS NOT NULL`);

    await q.query(`
      CREATE FUNCTION jobs_drive_asset_processing() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        open_jobs int;
        dead jobs%ROWTYPE;
        started boolean;
      BEGIN
        -- Serialise the jobs of one asset: the statements below then see the others' committed state.
        PERFORM 1 FROM assets WHERE id = NEW.asset_id FOR UPDATE;
        SELECT count(*) FILTER (WHERE status IN ('blocked', 'pending', 'running')),
               bool_or(status IN ('running', 'succeeded'))
          INTO open_jobs, started
          FROM jobs WHERE asset_id = NEW.asset_id;
        -- The job that failed the asset: a failure before a cancel (dependents are canceled
        -- because their parent failed, in the same transaction), then the earliest.
        SELECT * INTO dead FROM jobs
         WHERE asset_id = NEW.asset_id AND status IN ('failed', 'canceled')
         ORDER BY status = 'failed' DESC, finished_at, id = NEW.id DESC LIMIT 1;
        UPDATE assets SET
          processing_status = (CASE WHEN dead.id IS NOT NULL THEN 'failed'
                                    WHEN open_jobs = 0 THEN 'completed'
                                    WHEN started THEN 'processing'
                                    ELSE 'pending' END)::asset_processing_status,
          processing_completed_at = CASE WHEN dead.id IS NOT NULL OR open_jobs = 0 THEN now() END,
          processing_job_id = coalesce(dead.id, NEW.id),
          processing_error = CASE WHEN dead.id IS NOT NULL THEN jsonb_build_object(
            'jobId', dead.id, 'type', dead.type,
            'code', coalesce(dead.last_error->>'code', CASE WHEN dead.status = 'canceled' THEN 'CANCELED' ELSE 'FAILED' END),
            'message', coalesce(dead.last_error->>'message', dead.cancel_reason, dead.status::text)) END,
          updated_at = now()
         WHERE id = NEW.asset_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER jobs_asset_processing AFTER UPDATE OF status ON jobs
        FOR EACH ROW WHEN (NEW.asset_id IS NOT NULL AND OLD.status IS DISTINCT FROM NEW.status)
        EXECUTE FUNCTION jobs_drive_asset_processing()`);

    for (const [type, timeout] of INGEST_TYPES) {
      await q.query(`INSERT INTO job_types (type, timeout_seconds) VALUES ($1, $2) ON CONFLICT (type) DO NOTHING`, [type, timeout]);
    }

    await q.query(`
      CREATE VIEW asset_processing AS
        SELECT kind, processing_status, count(*) AS assets, sum(size) AS bytes,
               min(created_at) FILTER (WHERE processing_status IN ('pending', 'processing')) AS oldest_unfinished
          FROM assets GROUP BY kind, processing_status`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW IF EXISTS asset_processing`);
    await q.query(`DROP TRIGGER IF EXISTS jobs_asset_processing ON jobs`);
    await q.query(`DROP FUNCTION IF EXISTS jobs_drive_asset_processing()`);
    await q.query(`ALTER TABLE jobs DROP COLUMN IF EXISTS asset_id`);
    await q.query(`DROP TABLE IF EXISTS assets`);
    await q.query(`DROP TYPE IF EXISTS asset_processing_status`);
    await q.query(`DROP TYPE IF EXISTS asset_kind`);
  }
}
