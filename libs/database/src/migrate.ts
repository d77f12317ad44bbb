import { createDataSource, DEFAULT_DATABASE_URL } from './data-source.js';
import { ensureDatabase } from './database-admin.js';
import { runMigrations } from './run-migrations.js';

/** `npm run migrate`: creates the database if needed and applies pending migrations. Safe to run from a Kubernetes Job. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (await ensureDatabase(url)) console.log(`created database ${new URL(url).pathname.slice(1)}`);
  const ds = createDataSource({ url, poolSize: 2 });
  await ds.initialize();
  try {
    const applied = await runMigrations(ds);
    console.log(applied.length ? `applied ${applied.join(', ')}` : 'schema is up to date');
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  console.error(`migration failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
