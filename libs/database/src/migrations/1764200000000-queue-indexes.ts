import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer index writes per job. `jobs_status_created` held every row, so
 * every write of a job (insert, claim, completion: none of them can be a HOT
 * update, `status` being in index keys and predicates) added an entry to it.
 * Succeeded jobs, the bulk of the table, are left out of its replacement:
 * a job now enters it when created and when claimed, not when it succeeds.
 * It still serves every query that filters on a status other than
 * `succeeded` (admin listings, the dependency repair); an
 * all-owner listing of succeeded jobs reads the table, like an unfiltered one.
 *
 * Built CONCURRENTLY (outside a transaction): a live queue keeps writing.
 */
export class QueueIndexes1764200000000 implements MigrationInterface {
  name = 'QueueIndexes1764200000000';
  transaction = false;

  async up(q: QueryRunner): Promise<void> {
    // A build interrupted earlier leaves an invalid index behind: start over.
    await dropIfInvalid(q, 'jobs_status_created_not_succeeded');
    await q.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_status_created_not_succeeded
         ON jobs (status, created_at DESC, id DESC) WHERE status <> 'succeeded'`,
    );
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS jobs_status_created`);
  }

  async down(q: QueryRunner): Promise<void> {
    await dropIfInvalid(q, 'jobs_status_created');
    await q.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_status_created ON jobs (status, created_at DESC, id DESC)`);
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS jobs_status_created_not_succeeded`);
  }
}

async function dropIfInvalid(q: QueryRunner, name: string): Promise<void> {
  const rows: { valid: boolean }[] = await q.query(
    `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`,
    [name],
  );
  if (rows[0] && !rows[0].valid) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
}
