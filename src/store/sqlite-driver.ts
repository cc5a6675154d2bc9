/**
 * SQLite through `@libsql/client`, in WAL mode with a busy timeout so several processes can share the file.
 * @module
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
// The local-file client only: the package's main entry also loads its HTTP and WebSocket protocol clients.
import { createClient } from '@libsql/client/sqlite3';
import type { Client, InStatement, InValue } from '@libsql/client/sqlite3';
import { PlatformError, PlatformErrorCode } from '../errors.js';
import { storageError } from './sql-driver.js';
import type { ColumnTypes, Row, SqlDriver, SqlValue, Stmt } from './sql-driver.js';

/** Options of {@link openSqliteDriver}. */
export interface SqliteDriverOptions {
  /** The database file; its directory is created if missing. */
  readonly path: string;
  /** How long a writer waits for another one's lock before failing. Default 5 s. */
  readonly busyTimeoutMs?: number;
}

const SQLITE_TYPES: ColumnTypes = {
  bigint: 'INTEGER',
  json: 'TEXT',
  bool: 'INTEGER',
  serialPk: 'INTEGER PRIMARY KEY',
};

/**
 * Opens (creating if needed) a SQLite database file.
 * @throws PlatformError `StorageFailed` when the file cannot be opened.
 */
export async function openSqliteDriver(opts: SqliteDriverOptions): Promise<SqlDriver> {
  let client: Client | undefined;
  try {
    mkdirSync(path.dirname(opts.path), { recursive: true });
    // A file URL, not 'file:' + path: spaces, '#' and '?' in the path must be percent-encoded.
    // `timeout` is the busy timeout of every pooled connection; a PRAGMA would reach only one.
    client = createClient({ url: pathToFileURL(opts.path).href, timeout: opts.busyTimeoutMs ?? 5_000 });
    // WAL is persistent in the file: readers never block the writer and vice versa.
    await client.execute('PRAGMA journal_mode = WAL');
  } catch (cause) {
    client?.close();
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PlatformError(
      PlatformErrorCode.StorageFailed,
      `Cannot open the SQLite database at ${opts.path}: ${reason}`,
      { backend: 'sqlite', path: opts.path },
      { cause, hint: 'Check that the directory exists and is writable, or point MCP_HOME elsewhere.' },
    );
  }
  return new SqliteDriver(client);
}

/**
 * Every method is a single synchronous native call behind a promise, so a transaction (`batch`,
 * `snapshot`) never yields to the event loop while it holds the database lock. That matters: a second
 * connection in this process waiting on the lock blocks the whole thread for up to the busy timeout.
 */
class SqliteDriver implements SqlDriver {
  readonly backend = 'sqlite' as const;
  readonly types = SQLITE_TYPES;

  constructor(private readonly client: Client) {}

  async all(stmt: Stmt): Promise<Row[]> {
    try {
      const rs = await this.client.execute(toLibsql(stmt));
      return rs.rows as unknown as Row[];
    } catch (e) {
      throw storageError('sqlite', 'query failed', e);
    }
  }

  async run(stmt: Stmt): Promise<number> {
    try {
      return (await this.client.execute(toLibsql(stmt))).rowsAffected;
    } catch (e) {
      throw storageError('sqlite', 'statement failed', e);
    }
  }

  async batch(stmts: readonly Stmt[]): Promise<void> {
    try {
      await this.client.batch(stmts.map(toLibsql), 'write');
    } catch (e) {
      throw storageError('sqlite', 'transaction failed', e);
    }
  }

  async snapshot(stmts: readonly Stmt[]): Promise<Row[][]> {
    try {
      const results = await this.client.batch(stmts.map(toLibsql), 'read');
      return results.map((rs) => rs.rows as unknown as Row[]);
    } catch (e) {
      throw storageError('sqlite', 'read transaction failed', e);
    }
  }

  afterExplicitIds(): Stmt[] {
    // INTEGER PRIMARY KEY picks max(rowid) + 1 for the next insert; nothing to reset.
    return [];
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

function toLibsql(stmt: Stmt): InStatement {
  return { sql: stmt.sql, args: (stmt.args ?? []).map(toInValue) };
}

function toInValue(v: SqlValue): InValue {
  return typeof v === 'boolean' ? (v ? 1 : 0) : v;
}
