/**
 * Signals and graceful termination of a server's process group. Every server is spawned `detached`, so its pid
 * is also its process-group id and `kill(-pgid)` reaches every process it started.
 * @module
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

import type { KillFn } from './types.js';

/** Grace periods of a stop, in milliseconds. */
export interface StopGrace {
  /** After closing stdin, how long to wait for the server to exit on its own. Default 2000. */
  readonly stdinMs: number;
  /** After SIGTERM to the group, how long to wait before SIGKILL. Default 3000. */
  readonly termMs: number;
}

/** The default grace periods: 2 s after closing stdin, 3 s after SIGTERM. */
export const DEFAULT_STOP_GRACE: StopGrace = Object.freeze({ stdinMs: 2000, termMs: 3000 });

/**
 * Sends `signal` to every process in group `pgid`. Returns false when the group no longer exists.
 * The negative pid is what addresses the group; a positive one would reach only the leader.
 */
export function signalGroup(kill: KillFn, pgid: number, signal: NodeJS.Signals): boolean {
  try {
    kill(-pgid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Whether the child has exited (its `exit` event fired or its exit status is known). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Resolves true when the child exits within `ms`, false otherwise. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    child.once('exit', onExit);
  });
}

/**
 * Stops a server: close stdin (the MCP way to ask a stdio server to exit), wait; SIGTERM the group, wait;
 * SIGKILL the group. Resolves once the leader has exited. Survivors in the group get SIGKILL at the end either way.
 * @example await stopProcessGroup(child, process.kill, { stdinMs: 2000, termMs: 3000 });
 */
export async function stopProcessGroup(child: ChildProcess, kill: KillFn, grace: StopGrace): Promise<void> {
  const pgid = child.pid;
  if (pgid === undefined) return;
  if (!hasExited(child)) {
    child.stdin?.end();
    if (grace.stdinMs <= 0 || !(await waitForExit(child, grace.stdinMs))) {
      signalGroup(kill, pgid, 'SIGTERM');
      if (!(await waitForExit(child, grace.termMs))) {
        signalGroup(kill, pgid, 'SIGKILL');
        await waitForExit(child, 5000);
      }
    }
  }
  signalGroup(kill, pgid, 'SIGKILL');
}

/**
 * Whether a pid names a live process. A zombie (exited, not yet reaped, e.g. when reparented to an init that
 * does not reap) counts as dead.
 */
export function isProcessAlive(pid: number, kill: KillFn = process.kill): boolean {
  try {
    kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  if (process.platform !== 'linux') return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
