/**
 * Typed errors of the todo server.
 * @module
 */

/** Machine-readable error codes. */
export enum TodoErrorCode {
  /** The database was migrated by a newer todo-mcp. `data`: `{ databaseVersion, knownVersion }`. */
  SchemaTooNew = 'SCHEMA_TOO_NEW',
  /** The migration list itself is malformed (a programming error). `data`: `{ versions }`. */
  MigrationsInvalid = 'MIGRATIONS_INVALID',
}

/** Base class of the errors this server raises on purpose. */
export class TodoError extends Error {
  override readonly name: string = 'TodoError';

  constructor(
    readonly code: TodoErrorCode,
    message: string,
    readonly data?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
