/**
 * PostgreSQL through `pg`.
 * @module
 */
import pg from 'pg';

import type { Row, SqlDriver, SqlValue } from './driver.js';

/**
 * Connects a pool. Tables live in the connection's `search_path`; to keep them in their own schema,
 * add `?options=-c%20search_path%3Dtodo` to the URL (the schema must exist).
 * @example const db = await openPostgresDriver({ connectionString: process.env.DATABASE_URL });
 */
export async function openPostgresDriver(
  config: pg.PoolConfig,
  onerror: (error: Error) => void = () => {},
): Promise<SqlDriver> {
  const pool = new pg.Pool(config);
  // An idle client losing its connection emits 'error' on the pool; unhandled, that kills the process.
  pool.on('error', onerror);
  // Fail at startup, not on the first tool call, if the database is unreachable.
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw error;
  }

  const run = async (target: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[] = []) =>
    (await target.query<Row>(toPostgresPlaceholders(sql), [...params])).rows;

  return {
    dialect: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection is broken: destroy it instead of pooling it.
        await client.query('ROLLBACK').then(
          () => client.release(),
          (rollbackError: Error) => client.release(rollbackError),
        );
        throw error;
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Turns `?` placeholders into `$1`, `$2`, ... Our SQL never contains a literal `?`.
 * @example toPostgresPlaceholders('a = ? AND b = ?') // 'a = $1 AND b = $2'
 */
export function toPostgresPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
