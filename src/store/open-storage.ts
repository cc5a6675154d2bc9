/**
 * Picks and opens the storage backend: PostgreSQL when a database URL is given, SQLite otherwise.
 * @module
 */
import type { HomePaths } from '../config/paths.js';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { redactUrl } from './redact.js';
import type { SqlDriver } from './sql-driver.js';
import { SqlStorage } from './sql-storage.js';
import type { Storage } from './types.js';

/** Options of {@link openStorage}. */
export interface OpenStorageOptions {
  /** The platform home; SQLite lives at `paths.stateDb` unless `sqlitePath` says otherwise. */
  readonly paths?: Pick<HomePaths, 'stateDb'>;
  /** The SQLite file, overriding `paths.stateDb`. */
  readonly sqlitePath?: string;
  /** `postgres://…` (`MCP_DATABASE_URL`): use PostgreSQL instead of SQLite. */
  readonly databaseUrl?: string;
  /** PostgreSQL only: keep the tables in this schema (created if missing). */
  readonly schema?: string;
  /** Apply pending migrations before returning. Default true. */
  readonly migrate?: boolean;
  /** Source of `applied_at` and dump timestamps. Default `Date.now`. */
  readonly clock?: () => number;
  /** PostgreSQL only: errors of idle pooled connections, which are not fatal. */
  readonly onError?: (error: PlatformError) => void;
}

/**
 * Opens the storage, migrated to the latest schema unless `migrate: false`.
 * @throws PlatformError `StorageFailed` naming the backend and the fix when the database cannot be
 *   opened; a database URL appears with its password redacted.
 * @example
 * const storage = await openStorage({ paths: homePaths(home), databaseUrl: env.databaseUrl });
 * try {
 *   await storage.kv.set('last-start', String(Date.now()));
 * } finally {
 *   await storage.close();
 * }
 */
export async function openStorage(opts: OpenStorageOptions): Promise<Storage> {
  const driver = await openDriver(opts);
  const storage = new SqlStorage(driver, opts.clock);
  if (opts.migrate ?? true) {
    try {
      await storage.migrate();
    } catch (e) {
      await driver.close().catch(() => undefined);
      throw e;
    }
  }
  return storage;
}

async function openDriver(opts: OpenStorageOptions): Promise<SqlDriver> {
  if (opts.databaseUrl !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(opts.databaseUrl)) {
      throw new PlatformError(
        PlatformErrorCode.StorageFailed,
        `Unsupported database URL ${redactUrl(opts.databaseUrl)}: only postgres:// and postgresql:// are supported.`,
        { backend: 'postgres' },
        { hint: 'Set MCP_DATABASE_URL to a postgres:// URL, or unset it to use SQLite.' },
      );
    }
    // Each driver is loaded only when used: `pg` has no business in a SQLite home, nor libsql with PostgreSQL.
    const { openPostgresDriver } = await import('./postgres-driver.js');
    return openPostgresDriver({ url: opts.databaseUrl, schema: opts.schema, onError: opts.onError });
  }
  const file = opts.sqlitePath ?? opts.paths?.stateDb;
  if (file === undefined) {
    throw new PlatformError(
      PlatformErrorCode.InvalidInput,
      'openStorage needs paths, sqlitePath or databaseUrl.',
      undefined,
    );
  }
  const { openSqliteDriver } = await import('./sqlite-driver.js');
  return openSqliteDriver({ path: file });
}
