import type { Pool, PoolClient } from 'pg';
import { QueryRunnerAlreadyReleasedError, type EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs a statement of the queue's hot path as a named prepared statement:
 * PostgreSQL parses and plans it once per connection rather than on every
 * call (for the claim, about half of its server time). Inside a transaction
 * it runs on the transaction's connection; outside one it goes straight to
 * the pool, without the query runner TypeORM would make around it. Rows come
 * back as they are, whatever the statement's top-level command.
 *
 * A name must always come with the same text. Behind PgBouncer in
 * transaction mode, prepared statements need its `max_prepared_statements`.
 */
export async function preparedQuery<T>(m: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const query = { name, text, values };
  if (m.queryRunner) {
    if (m.queryRunner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const client: PoolClient = await m.queryRunner.connect();
    return (await client.query(query)).rows as T[];
  }
  const pool: Pool = (m.connection.driver as PostgresDriver).master;
  return (await pool.query(query)).rows as T[];
}
