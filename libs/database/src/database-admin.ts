import pg from 'pg';

/** Runs `task` on a connection to the `postgres` database of the server named in `url`. */
async function onServer<T>(url: string, task: (client: pg.Client, name: string) => Promise<T>): Promise<T> {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`DATABASE_URL names no database: ${url}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return await task(client, name);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates the database named in `url` when it does not exist yet, by
 * connecting to the server's `postgres` database. Lets a fresh machine start
 * with no manual step.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  return onServer(url, async (client, name) => {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return true;
    } catch (err) {
      // Two processes racing to create it: the loser finds it made.
      if ((err as { code?: string }).code === '42P04') return false;
      throw err;
    }
  });
}

/** Drops the database named in `url`, closing its connections (tests and benchmarks clean up with it). */
export async function dropDatabase(url: string): Promise<void> {
  await onServer(url, (client, name) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
}
