/**
 * Typed errors of the runtime layer. They describe why a server run ended or could not begin; the supervisor
 * records them as `lastError` and only throws them from calls that cannot proceed.
 * @module
 */

/** Machine-readable runtime error codes. */
export enum RuntimeErrorCode {
  /** The executable could not be started (missing, not executable). Not retried. `data`: `{ command, errno }`. */
  SpawnFailed = 'SPAWN_FAILED',
  /** `${ENV}` / `${secret:NAME}` in the server's env could not be resolved. Not retried. `data`: `{ cause }`. */
  EnvUnresolved = 'ENV_UNRESOLVED',
  /** `initialize` (plus the first tool listing) did not finish within the start timeout. `data`: `{ timeoutMs }`. */
  StartTimeout = 'START_TIMEOUT',
  /** The server answered `initialize` or `tools/list` with an error. `data`: `{ cause }`. */
  InitializeFailed = 'INITIALIZE_FAILED',
  /** The process exited on its own. `data`: `{ code, signal, phase }` (`phase`: `'start'` or `'run'`). */
  Exited = 'SERVER_EXITED',
  /** The server closed its stdout while its process kept running. `data`: `{ phase }`. */
  ConnectionLost = 'CONNECTION_LOST',
  /** A single stdout line exceeded the frame limit; the process is killed. `data`: `{ limitBytes }`. */
  FrameTooLarge = 'FRAME_TOO_LARGE',
  /** Consecutive pings failed; the server is considered hung and restarted. `data`: `{ failures, cause }`. */
  Unresponsive = 'SERVER_UNRESPONSIVE',
  /** `dependsOn` forms a cycle. `data`: `{ cycle }` (server names, first repeated at the end). */
  DependencyCycle = 'DEPENDENCY_CYCLE',
  /** The server is not in a state that allows the call (e.g. no session yet). `data`: `{ name, state }`. */
  NotRunning = 'SERVER_NOT_RUNNING',
}

/** Base class of runtime errors; same shape as `PlatformError` (code, data, hint). */
export class RuntimeError extends Error {
  /** How to fix it, one sentence. */
  readonly hint: string | undefined;

  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly data?: unknown,
    options?: { cause?: unknown; hint?: string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RuntimeError';
    this.hint = options?.hint;
  }

  /** Whether the supervisor restarts the server after this error (spawn and env failures need a config fix). */
  get retryable(): boolean {
    return this.code !== RuntimeErrorCode.SpawnFailed && this.code !== RuntimeErrorCode.EnvUnresolved;
  }
}

/** Type guard for RuntimeError. */
export function isRuntimeError(e: unknown): e is RuntimeError {
  return e instanceof RuntimeError;
}

/** The message of any thrown value. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A run ended because the process exited on its own. */
export function exitedError(
  code: number | null,
  signal: NodeJS.Signals | null,
  phase: 'start' | 'run',
): RuntimeError {
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  return new RuntimeError(
    RuntimeErrorCode.Exited,
    `server ${how} ${phase === 'start' ? 'during start' : 'while running'}`,
    {
      code,
      signal,
      phase,
    },
  );
}

/** The executable could not be spawned. */
export function spawnFailedError(command: string, err: unknown): RuntimeError {
  const errno = (err as NodeJS.ErrnoException).code;
  return new RuntimeError(
    RuntimeErrorCode.SpawnFailed,
    `cannot run "${command}": ${errorMessage(err)}`,
    { command, errno },
    { cause: err, hint: errno === 'ENOENT' ? `install ${command} or fix the server's command` : undefined },
  );
}
