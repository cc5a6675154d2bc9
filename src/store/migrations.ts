/**
 * The schema, as one ordered list of migrations shared by every backend. Dialects differ only in the
 * column types of {@link ColumnTypes}; anything else must be SQL that SQLite and PostgreSQL both accept.
 * Never edit a released migration: append a new one.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { label } from './sql-driver.js';
import type { ColumnTypes, SqlDriver } from './sql-driver.js';

/** One step of the schema. */
export interface Migration {
  /** 1, 2, 3, … without gaps. */
  readonly version: number;
  readonly name: string;
  /** The statements, given the dialect's column types. */
  readonly up: (t: ColumnTypes) => readonly string[];
}

/** Every migration, oldest first. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    up: (t) => [
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        scopes ${t.json} NOT NULL,
        created_at ${t.bigint} NOT NULL,
        last_used_at ${t.bigint},
        revoked_at ${t.bigint}
      )`,
      `CREATE TABLE audit_log (
        id ${t.serialPk},
        at ${t.bigint} NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        details ${t.json} NOT NULL
      )`,
      'CREATE INDEX audit_log_at ON audit_log (at)',
      'CREATE INDEX audit_log_action_at ON audit_log (action, at)',
      `CREATE TABLE tool_calls (
        id ${t.serialPk},
        at ${t.bigint} NOT NULL,
        session_id TEXT NOT NULL,
        server TEXT NOT NULL,
        tool TEXT NOT NULL,
        duration_ms ${t.bigint} NOT NULL,
        ok ${t.bool} NOT NULL,
        error TEXT
      )`,
      'CREATE INDEX tool_calls_at ON tool_calls (at)',
      'CREATE INDEX tool_calls_server_tool_at ON tool_calls (server, tool, at)',
      `CREATE TABLE tool_metrics (
        bucket ${t.bigint} NOT NULL,
        server TEXT NOT NULL,
        tool TEXT NOT NULL,
        calls ${t.bigint} NOT NULL,
        errors ${t.bigint} NOT NULL,
        total_ms ${t.bigint} NOT NULL,
        PRIMARY KEY (bucket, server, tool)
      )`,
      `CREATE TABLE tool_pins (
        server TEXT NOT NULL,
        tool TEXT NOT NULL,
        hash TEXT NOT NULL,
        pinned_at ${t.bigint} NOT NULL,
        PRIMARY KEY (server, tool)
      )`,
      'CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
    ],
  },
];

/** The schema version this build creates and understands. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS.at(-1)?.version ?? 0;

const BOOTSTRAP = (t: ColumnTypes): string =>
  `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at ${t.bigint} NOT NULL
  )`;

/** The highest applied version, 0 when nothing (not even the bookkeeping table) exists yet. */
export async function readVersion(driver: SqlDriver): Promise<number> {
  try {
    await driver.run({ sql: BOOTSTRAP(driver.types) });
  } catch {
    // Two PostgreSQL sessions racing on CREATE TABLE IF NOT EXISTS can collide in the catalog; the
    // loser's retry finds the table.
    await driver.run({ sql: BOOTSTRAP(driver.types) });
  }
  const rows = await driver.all({ sql: 'SELECT MAX(version) AS v FROM schema_migrations' });
  const v = rows[0]?.v;
  return v === null || v === undefined ? 0 : Number(v);
}

/**
 * Applies the pending migrations, each in its own transaction together with its `schema_migrations`
 * row. That row goes first: when two processes migrate at once, the loser fails on its primary key
 * before touching any table, rolls back, and finds the version already applied.
 * @throws PlatformError `StorageFailed` if the database is newer than this build.
 */
export async function runMigrations(
  driver: SqlDriver,
  now: () => number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  let current = await readVersion(driver);
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new PlatformError(
      PlatformErrorCode.StorageFailed,
      `The ${label(driver.backend)} database is at schema version ${current}, newer than this version of the platform knows (${latest}).`,
      { backend: driver.backend, version: current },
      { hint: 'Upgrade the platform, or restore a backup taken by this version.' },
    );
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    try {
      await driver.batch([
        {
          sql: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
          args: [m.version, m.name, now()],
        },
        ...m.up(driver.types).map((sql) => ({ sql })),
      ]);
    } catch (e) {
      if ((await readVersion(driver)) < m.version) throw e;
    }
    current = m.version;
  }
  return current;
}
