/**
 * The two storage backends the test suites run against: a fresh SQLite file, and a fresh schema in
 * the local PostgreSQL (dropped again afterwards).
 *
 * PostgreSQL defaults to postgres://postgres@127.0.0.1:5432/test; set TODO_TEST_DATABASE_URL to
 * use another server, or TODO_TEST_DATABASE_URL=off to skip the PostgreSQL runs.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import type { SqlDriver } from '../src/db/driver.js';
import { openPostgresDriver } from '../src/db/postgres.js';
import { openSqliteDriver } from '../src/db/sqlite.js';

/** The PostgreSQL server tests use, or `undefined` when switched off. */
export const TEST_DATABASE_URL: string | undefined =
  process.env.TODO_TEST_DATABASE_URL === 'off'
    ? undefined
    : (process.env.TODO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

/** A database that exists for one test. */
export interface TestDatabase {
  readonly db: SqlDriver;
  /** Environment that points a spawned todo-mcp at the same database. */
  readonly env: Record<string, string>;
  /** Closes the driver and deletes the file or schema. */
  dispose(): Promise<void>;
}

/** How to get a fresh database of one kind. */
export interface Backend {
  readonly name: 'sqlite' | 'postgres';
  open(): Promise<TestDatabase>;
}

/** A SQLite file in a new temporary directory. */
export const sqliteBackend: Backend = {
  name: 'sqlite',
  async open() {
    const dir = await mkdtemp(join(tmpdir(), 'todo-mcp-'));
    const path = join(dir, 'todo.db');
    const db = await openSqliteDriver(path);
    return {
      db,
      env: { TODO_DB_PATH: path },
      async dispose() {
        await db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};

/** A randomly named schema, made the connection's search_path; dropped with everything in it. */
export const postgresBackend: Backend = {
  name: 'postgres',
  async open() {
    if (TEST_DATABASE_URL === undefined) throw new Error('PostgreSQL tests are switched off');
    const schema = `todo_test_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE SCHEMA ${schema}`);
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const db = await openPostgresDriver({ connectionString: url.href });
    return {
      db,
      env: { DATABASE_URL: url.href },
      async dispose() {
        await db.close();
        await admin(`DROP SCHEMA ${schema} CASCADE`);
      },
    };
  },
};

/** Both backends, or only SQLite when PostgreSQL is switched off. */
export const backends: readonly Backend[] =
  TEST_DATABASE_URL === undefined ? [sqliteBackend] : [sqliteBackend, postgresBackend];

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach PostgreSQL at ${TEST_DATABASE_URL}; start it, point TODO_TEST_DATABASE_URL elsewhere, ` +
        `or set TODO_TEST_DATABASE_URL=off to skip the PostgreSQL runs`,
      { cause: error },
    );
  }
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
