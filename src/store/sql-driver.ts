/**
 * The small seam between the shared storage code and one database client. Statements are written once
 * with `?` placeholders; a driver translates them if its database wants another style.
 * @module
 */
import { PlatformError, PlatformErrorCode } from '../errors.js';
import type { StorageBackend } from './types.js';

/** A value that can be bound to a placeholder. */
export type SqlValue = string | number | boolean | null;

/** One statement with its arguments. */
export interface Stmt {
  readonly sql: string;
  readonly args?: readonly SqlValue[];
}

/** A result row keyed by column name. */
export type Row = Record<string, unknown>;

/** Column types that differ between dialects, substituted into migrations. */
export interface ColumnTypes {
  /** 64-bit integer (timestamps, counters). */
  readonly bigint: string;
  /** A JSON document. Drivers hand it back as text. */
  readonly json: string;
  readonly bool: string;
  /** An auto-assigned integer primary key that also accepts explicit values. */
  readonly serialPk: string;
}

/** What the shared storage code needs from a database client. */
export interface SqlDriver {
  readonly backend: StorageBackend;
  readonly types: ColumnTypes;
  /** Runs a query and returns its rows. */
  all(stmt: Stmt): Promise<Row[]>;
  /** Runs a statement and returns the number of rows it changed. */
  run(stmt: Stmt): Promise<number>;
  /** Runs the statements in one write transaction: all or nothing. */
  batch(stmts: readonly Stmt[]): Promise<void>;
  /** Runs the queries in one read-only transaction, so all of them see the same snapshot. */
  snapshot(stmts: readonly Stmt[]): Promise<Row[][]>;
  /** Statements to run after bulk-inserting explicit ids into `table` (e.g. resetting a sequence). */
  afterExplicitIds(table: string): Stmt[];
  close(): Promise<void>;
}

/** Wraps a driver failure in a `StorageFailed` error naming the backend. */
export function storageError(backend: StorageBackend, what: string, cause: unknown): PlatformError {
  if (cause instanceof PlatformError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new PlatformError(
    PlatformErrorCode.StorageFailed,
    `${label(backend)} ${what}: ${reason}`,
    { backend },
    { cause },
  );
}

/** Human name of a backend, for messages. */
export function label(backend: StorageBackend): string {
  return backend === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}
