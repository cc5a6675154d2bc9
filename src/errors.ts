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
  /** No unapproved change of that tool. `data`: `{ server, tool }`. */
  ToolChangeNotFound = 'TOOL_CHANGE_NOT_FOUND',
  /** The key that sealed the secrets is not available (or is another key). `data`: `{ source, fingerprint }`. */
  SecretKeyUnavailable = 'SECRET_KEY_UNAVAILABLE',
  /** An outbound URL points where the platform may not connect (SSRF guard). `data`: `{ host, address }`. */
  UrlRefused = 'URL_REFUSED',
  /** An install step failed (a package manager, a download, the verification). `data`: the step. */
  InstallFailed = 'INSTALL_FAILED',
  /** A program an install needs (a package manager, the Docker engine) is missing. `data`: `{ missing }`. */
  ToolMissing = 'TOOL_MISSING',
  /** A referenced secret does not exist. `data`: `{ name }`. */
  SecretNotFound = 'SECRET_NOT_FOUND',
  /** The command needs a running platform and none runs for this home. `data`: `{ home }`. */
  PlatformNotRunning = 'PLATFORM_NOT_RUNNING',
  /** `mcp up` while a platform already runs for this home. `data`: `{ pid, url }`. */
  PlatformRunning = 'PLATFORM_RUNNING',
  /** The running platform answered a control request with an error. `data`: `{ status, body }`. */
  ControlFailed = 'CONTROL_FAILED',

  // Runtime (supervised stdio servers): raised as `RuntimeError` by `runtime/`. They describe why a server run
  // ended or could not begin; the supervisor records them as `lastError` and restarts the server unless the
  // error is a `NonRetryableRuntimeError`.

  /**
   * The executable could not be started (missing, not executable). Raised as `NonRetryableRuntimeError`: not
   * retried. `data`: `{ command, errno }`.
   */
  SpawnFailed = 'SPAWN_FAILED',
  /**
   * `${ENV}` / `${secret:NAME}` in the server's env could not be resolved. Raised as `NonRetryableRuntimeError`:
   * not retried. `data`: `{ cause }` (the resolver's message).
   */
  EnvUnresolved = 'ENV_UNRESOLVED',
  /** `initialize` (plus the first tool listing) did not finish within the start timeout. `data`: `{ timeoutMs }`. */
  StartTimeout = 'START_TIMEOUT',
  /** The server answered `initialize` or `tools/list` with an error. `data`: `{ cause }` (its message). */
  InitializeFailed = 'INITIALIZE_FAILED',
  /** The process exited on its own. `data`: `{ code, signal, phase }` (`phase`: `'start'` or `'run'`). */
  ServerExited = 'SERVER_EXITED',
  /** The server closed its stdout while its process kept running. `data`: `{ phase }`. */
  ConnectionLost = 'CONNECTION_LOST',
  /** A single stdout line exceeded the frame limit; the process is killed. `data`: `{ limitBytes }`. */
  FrameTooLarge = 'FRAME_TOO_LARGE',
  /** Consecutive pings failed; the server is considered hung and restarted. `data`: `{ failures, cause }`. */
  ServerUnresponsive = 'SERVER_UNRESPONSIVE',
  /** `dependsOn` forms a cycle. `data`: `{ cycle }` (server names, first repeated at the end). */
  DependencyCycle = 'DEPENDENCY_CYCLE',
  /** The server is not in a state that allows the call (e.g. no session yet). `data`: `{ name, state }`. */
  ServerNotRunning = 'SERVER_NOT_RUNNING',

  // Transports (remote servers): raised as `TransportError` by `transports/`. A `RemoteConnection` reconnects
  // with backoff after them unless the error is a `NonRetryableTransportError`.

  /**
   * The URL's scheme does not fit the requested transport, or is unknown, or a `unix:` URL names no usable
   * socket path. Raised as `NonRetryableTransportError`: the connection fails without retrying. `data`:
   * `{ url, transport }` (URL redacted), or `{ url }` for a malformed `unix:` URL.
   */
  TransportUnsupportedUrl = 'TRANSPORT_UNSUPPORTED_URL',
  /** A step (connect, initialize, list tools, session renewal) took too long. `data`: `{ step, ms }`. */
  UpstreamTimeout = 'UPSTREAM_TIMEOUT',
  /** Too many consecutive pings of a remote server failed; it reconnects. `data`: `{ failed }`. */
  UpstreamUnresponsive = 'UPSTREAM_UNRESPONSIVE',
  /** The server forgot the session and re-initializing failed. `data`: `{ status }`. */
  SessionRenewFailed = 'SESSION_RENEW_FAILED',
  /** The transport is not connected (not started, or closed). `data`: `{ kind }`. */
  TransportNotConnected = 'TRANSPORT_NOT_CONNECTED',
  /** The connection was stopped, or did not reach `running` in time. `data`: `{ name, state }`. */
  UpstreamNotRunning = 'UPSTREAM_NOT_RUNNING',
}

/**
 * Base class of every error the platform raises on purpose. Layers subclass it by category (`UsageError`,
 * `RuntimeError`, `TransportError`) and by retryability (`NonRetryableRuntimeError`, ...), never with flags.
 */
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

/**
 * The message of any thrown value.
 * @example errorMessage(new Error('boom')) // 'boom'; errorMessage('boom') // 'boom'
 */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
