/**
 * Health of supervised servers: the per-server record and the aggregate verdict.
 * @module
 */
import type { TrafficCounters } from '../core/types.js';
import { ServerState } from './state-machine.js';

/** The last error of a server. */
export interface ServerErrorInfo {
  /** A `RuntimeErrorCode`. */
  readonly code: string;
  readonly message: string;
  /** When it happened (epoch ms). */
  readonly at: number;
}

/** A point-in-time health record of one server. */
export interface ServerHealth {
  readonly name: string;
  readonly state: ServerState;
  /** Leader pid (= process-group id) of the current process. */
  readonly pid: number | undefined;
  /** Time since the current process was spawned. */
  readonly uptimeMs: number | undefined;
  /** Automatic restarts since the server was added. */
  readonly restarts: number;
  readonly lastError: ServerErrorInfo | undefined;
  /** When the next automatic restart is due (in `backoff` / `crash-loop`). */
  readonly nextRestartAt: number | undefined;
  /** The last stderr (and supervisor note) lines, oldest first. */
  readonly lastLines: readonly string[];
  /** CPU of the process tree, percent of one core, from the last sample. */
  readonly cpuPercent: number | undefined;
  /** RSS of the process tree, from the last sample. */
  readonly rssBytes: number | undefined;
  /** Number of tools the server listed at start. */
  readonly tools: number | undefined;
  /** Non-protocol stdout lines dropped, over all runs. */
  readonly droppedLines: number;
  /** Messages and bytes exchanged with the server over all runs. */
  readonly traffic: TrafficCounters;
  /** Round trip of the last successful ping. */
  readonly pingLatencyMs: number | undefined;
  /** Consecutive failed pings. */
  readonly pingFailures: number;
}

/** Aggregate verdict: every wanted server running, some, or none. */
export type HealthStatus = 'ok' | 'degraded' | 'down';

/** Health of all servers. */
export interface SupervisorHealth {
  readonly status: HealthStatus;
  readonly servers: readonly ServerHealth[];
}

/**
 * `ok` when every server that should run is running, `down` when none is, `degraded` otherwise. Servers in
 * `stopped` were stopped on purpose (or never started) and do not count. Pure. Takes any state strings, so
 * remote connection states (`connecting`, `backoff`, ...) aggregate the same way.
 * @example aggregateStatus(['running', 'backoff']) // 'degraded'
 */
export function aggregateStatus(states: Iterable<ServerState | string>): HealthStatus {
  let wanted = 0;
  let running = 0;
  for (const s of states) {
    if (s === ServerState.Stopped) continue;
    wanted += 1;
    if (s === ServerState.Running) running += 1;
  }
  if (running === wanted) return 'ok';
  return running === 0 ? 'down' : 'degraded';
}
