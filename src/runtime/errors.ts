/**
 * Errors of the runtime layer: `PlatformError` subclasses that describe why a server run ended or could not
 * begin. The supervisor records them as `lastError` and only throws them from calls that cannot proceed. Their
 * codes (documented in `PlatformErrorCode`) are the {@link RuntimeErrorCode} subset.
 * @module
 */
import { PlatformError, PlatformErrorCode, errorMessage } from '../errors.js';

/** The `PlatformErrorCode`s the runtime raises. */
export type RuntimeErrorCode =
  | PlatformErrorCode.SpawnFailed
  | PlatformErrorCode.EnvUnresolved
  | PlatformErrorCode.StartTimeout
  | PlatformErrorCode.InitializeFailed
  | PlatformErrorCode.ServerExited
  | PlatformErrorCode.ConnectionLost
  | PlatformErrorCode.FrameTooLarge
  | PlatformErrorCode.ServerUnresponsive
  | PlatformErrorCode.DependencyCycle
  | PlatformErrorCode.ServerNotRunning;

/** Base class of runtime errors. The supervisor restarts a server after one, unless it is non-retryable. */
export class RuntimeError extends PlatformError {
  declare readonly code: RuntimeErrorCode;

  constructor(
    code: RuntimeErrorCode,
    message: string,
    data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(code, message, data, options);
    this.name = 'RuntimeError';
  }

  /** Whether the supervisor restarts the server after this error; false only for {@link NonRetryableRuntimeError}. */
  get retryable(): boolean {
    return true;
  }
}

/**
 * A runtime error that restarting cannot fix until the server's config changes (`SPAWN_FAILED`,
 * `ENV_UNRESOLVED`): the server goes to `failed` instead of backing off.
 */
export class NonRetryableRuntimeError extends RuntimeError {
  constructor(
    code: PlatformErrorCode.SpawnFailed | PlatformErrorCode.EnvUnresolved,
    message: string,
    data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(code, message, data, options);
    this.name = 'NonRetryableRuntimeError';
  }

  override get retryable(): boolean {
    return false;
  }
}

/** Type guard for RuntimeError (and its subclasses). */
export function isRuntimeError(e: unknown): e is RuntimeError {
  return e instanceof RuntimeError;
}

/** A run ended because the process exited on its own. */
export function exitedError(
  code: number | null,
  signal: NodeJS.Signals | null,
  phase: 'start' | 'run',
): RuntimeError {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return new RuntimeError(
    PlatformErrorCode.ServerExited,
    `server ${how} ${phase === 'start' ? 'during start' : 'while running'}`,
    {
      code,
      signal,
      phase,
    },
  );
}

/** The executable could not be spawned. */
export function spawnFailedError(command: string, err: unknown): NonRetryableRuntimeError {
  const errno = (err as NodeJS.ErrnoException).code;
  return new NonRetryableRuntimeError(
    PlatformErrorCode.SpawnFailed,
    `cannot run "${command}": ${errorMessage(err)}`,
    { command, errno },
    { cause: err, hint: errno === 'ENOENT' ? `install ${command} or fix the server's command` : undefined },
  );
}
