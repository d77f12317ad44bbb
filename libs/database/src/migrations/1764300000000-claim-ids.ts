import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The claim that leased a running job, so a claim request repeated after its
 * reply was lost gets back the jobs its first copy leased instead of leaving
 * them to run out their lease. Nullable with no default: added without
 * rewriting the table.
 */
export class ClaimIds1764300000000 implements MigrationInterface {
  name = 'ClaimIds1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // ADD COLUMN takes an exclusive lock for an instant; rather fail (and be rerun) than queue
    // behind a long transaction while every claim and completion queues behind it.
    await q.query(`SET LOCAL lock_timeout = '10s'`);
    await q.query(`ALTER TABLE jobs ADD COLUMN IF NOT EXISTS claim_id uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE jobs DROP COLUMN IF EXISTS claim_id`);
  }
}
