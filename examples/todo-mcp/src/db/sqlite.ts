/**
 * SQLite through `@libsql/client` (prebuilt binaries, no native compile step).
 * @module
 */
import { pathToFileURL } from 'node:url';

import { createClient, type ResultSet } from '@libsql/client';

import type { Row, SqlDriver, SqlValue } from './driver.js';

/** How long a write waits for another process's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the SQLite database file at `path`. The parent directory must exist.
 * @example const db = await openSqliteDriver('/tmp/todo.db');
 */
export async function openSqliteDriver(path: string): Promise<SqlDriver> {
  // A file URL, so that characters such as `#` and `?` in the path are not read as URL syntax.
  const client = createClient({ url: pathToFileURL(path).href, timeout: BUSY_TIMEOUT_MS });
  // WAL lets readers (another server instance, a backup) proceed while one process writes.
  await client.execute('PRAGMA journal_mode = WAL');

  const run = async (
    target: { execute: (stmt: { sql: string; args: SqlValue[] }) => Promise<ResultSet> },
    sql: string,
    params: readonly SqlValue[] = [],
  ): Promise<Row[]> => toRows(await target.execute({ sql, args: [...params] }));

  // libsql runs SQLite synchronously, so a connection waiting for a lock blocks the event loop,
  // and the transaction holding the lock (in this same process) can never finish. Hence one
  // operation at a time per process; other processes are handled by the busy timeout.
  const exclusive = createMutex();

  return {
    dialect: 'sqlite',
    query: (sql, params) => exclusive(() => run(client, sql, params)),
    transaction: (fn) =>
      exclusive(async () => {
        // 'write' starts with BEGIN IMMEDIATE: the write lock is taken up front, so writers in
        // two processes queue on the busy timeout instead of failing on a lock upgrade.
        const tx = await client.transaction('write');
        try {
          const result = await fn({ query: (sql, params) => run(tx, sql, params) });
          await tx.commit();
          return result;
        } catch (error) {
          await tx.rollback();
          throw error;
        } finally {
          tx.close();
        }
      }),
    async close() {
      client.close();
    },
  };
}

/** Runs the functions passed to it one after another, in call order. */
function createMutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

function toRows(result: ResultSet): Row[] {
  return result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i]])));
}
