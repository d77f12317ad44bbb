import type { DataSource } from 'typeorm';

const MIGRATION_LOCK = 7_356_121; // any constant shared by every Spool process

/**
 * Applies pending migrations under a session advisory lock, so several
 * apps/jobs replicas starting at once (or a Kubernetes Job beside them)
 * migrate exactly once.
 */
export async function runMigrations(ds: DataSource): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await ds.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
