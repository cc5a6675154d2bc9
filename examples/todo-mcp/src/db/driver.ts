/**
 * The small SQL surface the store needs, so one store works on SQLite and PostgreSQL.
 * @module
 */

/** Which SQL dialect a driver speaks; migrations carry one script per dialect. */
export type Dialect = 'sqlite' | 'postgres';

/** A value bound to a `?` placeholder. */
export type SqlValue = string | number | null;

/** One result row, keyed by column name. */
export type Row = Record<string, unknown>;

/** Runs one statement. SQL uses `?` placeholders in both dialects; drivers translate. */
export interface SqlExecutor {
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

/** A connection pool plus transactions. */
export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws.
   * Inside `fn`, use only `tx`: the SQLite driver runs one operation at a time, so calling the
   * driver itself from `fn` would wait for `fn` forever.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Releases every connection. */
  close(): Promise<void>;
}
