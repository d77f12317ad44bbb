import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource } from './data-source.js';
import { dropDatabase, ensureDatabase } from './database-admin.js';
import { runMigrations } from './run-migrations.js';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

describe('schema made by migrations', () => {
  const name = `spool_schema_${randomBytes(4).toString('hex')}`;
  let ds: DataSource;

  beforeAll(async () => {
    await ensureDatabase(`${SERVER}/${name}`);
    ds = await createDataSource({ url: `${SERVER}/${name}`, poolSize: 2, logging: 'none' }).initialize();
    expect(await runMigrations(ds)).toEqual(['InitialSchema1764000000000', 'Assets1764100000000', 'QueueIndexes1764200000000', 'ClaimIds1764300000000']);
  });

  afterAll(async () => {
    await ds?.destroy();
    await dropDatabase(`${SERVER}/${name}`);
  });

  it('is mirrored by the entities: TypeORM would change no column', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    const columnChanges = pending.upQueries
      .map((q) => q.query)
      .filter((q) => /ALTER TABLE .* (ADD|DROP|ALTER) COLUMN|CREATE TABLE/i.test(q))
      // TypeORM 1.1 always re-sets jsonb literal defaults: it compares them unnormalised (false positive).
      .filter((q) => !/ALTER COLUMN "\w+" SET DEFAULT '(\{\}|\[\])'::jsonb$/.test(q));
    expect(columnChanges).toEqual([]);
  });

  it('applies nothing twice', async () => {
    expect(await runMigrations(ds)).toEqual([]);
  });

  it('refuses what the lifecycle must never write', async () => {
    await ds.query(`INSERT INTO job_types (type, timeout_seconds) VALUES ('schema.test', 10)`);
    const insert = (cols: string, vals: string) =>
      ds.query(`INSERT INTO jobs (owner_id, type, status, timeout_seconds${cols}) VALUES ('u', 'schema.test', 'pending', 10${vals})`);
    await expect(insert(', progress', ', 101')).rejects.toThrow(/check constraint/);
    await expect(insert(', attempt, max_attempts', ', 4, 3')).rejects.toThrow(/jobs_attempt_within_max/);
    await expect(ds.query(`INSERT INTO jobs (owner_id, type, status, timeout_seconds) VALUES ('u', 'schema.test', 'lost', 10)`)).rejects.toThrow(/enum/);
    await expect(ds.query(`INSERT INTO jobs (owner_id, type, status, timeout_seconds) VALUES ('u', 'no.such.type', 'pending', 10)`)).rejects.toThrow(/foreign key/);
    await expect(ds.query(`INSERT INTO jobs (owner_id, type, status, timeout_seconds) VALUES ('u', 'schema.test', 'running', 10)`)).rejects.toThrow(/jobs_running_has_lease/);
    await expect(ds.query(`INSERT INTO jobs (owner_id, type, status, timeout_seconds) VALUES ('u', 'schema.test', 'blocked', 10)`)).rejects.toThrow(/jobs_blocked_has_dependencies/);
    const [job] = await insert('', '').then(() => ds.query(`SELECT id, created_at, run_at FROM jobs LIMIT 1`));
    expect(job.created_at).toBeInstanceOf(Date);
    await expect(ds.query(`INSERT INTO job_events (job_id, seq, owner_id, type, status, kind) VALUES ($1, 1, 'u', 'schema.test', 'pending', 'teleported')`, [job.id])).rejects.toThrow(/check constraint/);
  });

  it('serves the claim query from the partial index', async () => {
    // A realistic table: a long history of finished jobs and a short queue.
    await ds.query(
      `INSERT INTO jobs (owner_id, type, status, timeout_seconds, finished_at)
       SELECT 'u', 'schema.test', 'succeeded', 10, now() FROM generate_series(1, 20000)`,
    );
    await ds.query(`INSERT INTO jobs (owner_id, type, status, timeout_seconds) SELECT 'u', 'schema.test', 'pending', 10 FROM generate_series(1, 50)`);
    await ds.query('ANALYZE jobs');
    // The per-type scan the claim statement runs (LifecycleRepository.claim).
    const plan: { 'QUERY PLAN': string }[] = await ds.query(
      `EXPLAIN SELECT id FROM jobs WHERE status = 'pending' AND jobs.type = 'schema.test' AND run_at <= now()
        ORDER BY priority DESC, created_at, id LIMIT 10 FOR UPDATE SKIP LOCKED`,
    );
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('jobs_claim');
  });
});
