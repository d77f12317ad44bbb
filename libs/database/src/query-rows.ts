import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * Rows of a raw statement. TypeORM answers a top-level UPDATE or DELETE with
 * `[rows, rowCount]` and anything else with the rows; this always gives rows.
 */
export async function queryRows<T>(m: EntityManager | QueryRunner, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await m.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
