/**
 * Typed platform errors. Library code throws these; only the CLI entry turns them into exit codes.
 * @module
 */

/** Machine-readable error codes. */
export enum PlatformErrorCode {
  /** config.yaml does not parse or validate. `data`: `{ file, path, issues }`. */
  ConfigInvalid = 'CONFIG_INVALID',
  /** config.yaml was written by a newer version. `data`: `{ file, version }`. */
  ConfigTooNew = 'CONFIG_TOO_NEW',
  /** A server or profile name is not a valid slug. `data`: `{ name }`. */
  InvalidName = 'INVALID_NAME',
  /** A server with that name already exists. `data`: `{ name }`. */
  ServerExists = 'SERVER_EXISTS',
  /** No server with that name. `data`: `{ name }`. */
  ServerNotFound = 'SERVER_NOT_FOUND',
  /** A profile with that name already exists. `data`: `{ name }`. */
  ProfileExists = 'PROFILE_EXISTS',
  /** No profile with that name. `data`: `{ name }`. */
  ProfileNotFound = 'PROFILE_NOT_FOUND',
  /** The platform home cannot be created or written. `data`: `{ path }`. */
  HomeUnwritable = 'HOME_UNWRITABLE',
  /** Another writer holds the config lock for too long. `data`: `{ file }`. */
  LockTimeout = 'LOCK_TIMEOUT',
  /** A config key path does not exist or cannot be set. `data`: `{ key }`. */
  InvalidKey = 'INVALID_KEY',
  /** Input from the user (flags, values, files) is malformed. `data`: free-form. */
  InvalidInput = 'INVALID_INPUT',
  /** Storage could not be opened or a query failed. `data`: `{ backend }`. */
  StorageFailed = 'STORAGE_FAILED',
  /** No backup with that id. `data`: `{ id }`. */
  BackupNotFound = 'BACKUP_NOT_FOUND',
  /** A backup archive failed verification (checksum, manifest). `data`: `{ id, file }`. */
  BackupCorrupt = 'BACKUP_CORRUPT',
  /** A referenced secret does not exist. `data`: `{ name }`. */
  SecretNotFound = 'SECRET_NOT_FOUND',
  /** The command needs a running platform and none runs for this home. `data`: `{ home }`. */
  PlatformNotRunning = 'PLATFORM_NOT_RUNNING',
  /** `mcp up` while a platform already runs for this home. `data`: `{ pid, url }`. */
  PlatformRunning = 'PLATFORM_RUNNING',
  /** The running platform answered a control request with an error. `data`: `{ status, body }`. */
  ControlFailed = 'CONTROL_FAILED',
}

/** Base class of every error the platform raises on purpose. */
export class PlatformError extends Error {
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    readonly data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlatformError';
    this.hint = options?.hint;
  }

  /** How to fix it, one sentence; printed after the message by the CLI. */
  readonly hint: string | undefined;
}

/** Errors caused by what the user typed or wrote (exit code 2 at the CLI when raised while parsing input). */
export class UsageError extends PlatformError {
  constructor(message: string, hint?: string) {
    super(PlatformErrorCode.InvalidInput, message, undefined, hint === undefined ? undefined : { hint });
    this.name = 'UsageError';
  }
}

/** Type guard for PlatformError. */
export function isPlatformError(e: unknown): e is PlatformError {
  return e instanceof PlatformError;
}
