/**
 * Versioned schema migrations, recorded in the `schema_migrations` table.
 *
 * Rules: never edit or reorder a migration that has shipped; add a new one with the next version.
 * All pending migrations run in one transaction, so a failure leaves the schema as it was.
 * @module
 */
import { TodoError, TodoErrorCode } from '../errors.js';
import type { Dialect, SqlDriver } from './driver.js';

/** One schema change, with a script per dialect. */
export interface Migration {
  /** 1, 2, 3, ... in order, never reused. */
  readonly version: number;
  /** What it does, stored alongside the version. */
  readonly name: string;
  /** Statements to run, one string per statement. */
  readonly up: Readonly<Record<Dialect, readonly string[]>>;
}

/** Every migration this build knows, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create lists and items',
    up: {
      sqlite: [
        `CREATE TABLE lists (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           name TEXT NOT NULL UNIQUE,
           created_at TEXT NOT NULL)`,
        `CREATE TABLE items (
           id INTEGER PRIMARY KEY AUTOINCREMENT,
           list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
           title TEXT NOT NULL,
           created_at TEXT NOT NULL,
           completed_at TEXT)`,
      ],
      postgres: [
        `CREATE TABLE lists (
           id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           name TEXT NOT NULL UNIQUE,
           created_at TIMESTAMPTZ NOT NULL)`,
        `CREATE TABLE items (
           id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
           title TEXT NOT NULL,
           created_at TIMESTAMPTZ NOT NULL,
           completed_at TIMESTAMPTZ)`,
      ],
    },
  },
  {
    version: 2,
    name: 'index items by list and completion',
    up: {
      sqlite: ['CREATE INDEX items_list_completed ON items (list_id, completed_at)'],
      postgres: ['CREATE INDEX items_list_completed ON items (list_id, completed_at)'],
    },
  },
];

const CREATE_MIGRATIONS_TABLE: Record<Dialect, string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
             version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
               version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`,
};

/** Key of the PostgreSQL advisory lock that serialises concurrent migrators (any constant works). */
const MIGRATION_LOCK_KEY = 7_406_391_772;

/** What {@link migrate} did. */
export interface MigrationReport {
  /** Versions applied by this call, in order. Empty when the schema was current. */
  readonly applied: readonly number[];
  /** Schema version after the call. */
  readonly version: number;
}

/**
 * Brings the schema up to date. Safe to call on every start and from several processes at once.
 * @throws {TodoError} `SCHEMA_TOO_NEW` if the database was migrated by a newer build.
 * @example const { applied } = await migrate(db); // [1, 2] on a fresh database, then []
 */
export async function migrate(
  db: SqlDriver,
  options: { migrations?: readonly Migration[]; now?: () => Date } = {},
): Promise<MigrationReport> {
  const migrations = options.migrations ?? MIGRATIONS;
  const now = options.now ?? (() => new Date());
  assertOrdered(migrations);
  const known = migrations.at(-1)?.version ?? 0;

  return db.transaction(async (tx) => {
    // SQLite: the transaction already holds the write lock (BEGIN IMMEDIATE). PostgreSQL: take a
    // lock so two servers starting together do not both apply version N.
    if (db.dialect === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(?)', [MIGRATION_LOCK_KEY]);
    await tx.query(CREATE_MIGRATIONS_TABLE[db.dialect]);
    const rows = await tx.query('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const current = Math.max(0, ...done);
    if (current > known) {
      throw new TodoError(
        TodoErrorCode.SchemaTooNew,
        `the database schema is at version ${current}, but this todo-mcp only knows up to ${known}; upgrade todo-mcp`,
        { databaseVersion: current, knownVersion: known },
      );
    }
    const pending = migrations.filter((m) => !done.has(m.version));
    for (const migration of pending) {
      for (const statement of migration.up[db.dialect]) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        migration.version,
        migration.name,
        now().toISOString(),
      ]);
    }
    return { applied: pending.map((m) => m.version), version: Math.max(current, known) };
  });
}

/** Versions must be 1, 2, 3, ... with no gap or repeat. */
function assertOrdered(migrations: readonly Migration[]): void {
  const versions = migrations.map((m) => m.version);
  if (versions.some((v, i) => v !== i + 1)) {
    throw new TodoError(TodoErrorCode.MigrationsInvalid, `migration versions must be 1..n in order`, {
      versions,
    });
  }
}
