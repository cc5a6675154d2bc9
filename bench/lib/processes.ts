/**
 * Process bookkeeping for the benchmark: record every pid the supervisor spawns (servers and reaper), read
 * their CPU time, and verify at the end that none of them, nor anything in their process groups, is alive.
 * Reads `/proc` (Linux) or `ps` (elsewhere) itself, so it does not depend on runtime internals.
 * @module
 */
import { execFile, spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

/** Pids spawned during the run; a server's pid is also its process-group id (servers are detached). */
export const spawnedPids = new Set<number>();

/** `spawn`, recording the pid of every child (injected into the supervisor as `spawnFn`). */
export const recordingSpawn = ((...args: Parameters<typeof spawn>) => {
  const child = spawn(...args);
  if (child.pid !== undefined) spawnedPids.add(child.pid);
  return child;
}) as typeof spawn;

/** One live process. */
interface Proc {
  readonly pid: number;
  readonly pgid: number;
  /** User + system CPU time so far (Linux only; NaN elsewhere). */
  readonly cpuSeconds: number;
}

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on mainstream Linux). */
const USER_HZ = 100;

/** Live processes, zombies excluded (they are dead and only wait to be reaped). */
async function listProcesses(): Promise<Proc[]> {
  if (process.platform !== 'linux') {
    const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,pgid=,stat=']);
    return stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([pid, , stat]) => pid && !stat?.startsWith('Z'))
      .map(([pid, pgid]) => ({ pid: Number(pid), pgid: Number(pgid), cpuSeconds: Number.NaN }));
  }
  const names = (await readdir('/proc')).filter((n) => /^\d+$/.test(n));
  const rows = await Promise.all(
    names.map(async (n): Promise<Proc | undefined> => {
      const text = await readFile(`/proc/${n}/stat`, 'utf8').catch(() => '');
      // Fields after the command name "(...)": state ppid pgrp ... utime(11) stime(12).
      const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
      if (f.length < 13 || f[0] === 'Z' || f[0] === 'X') return undefined;
      return { pid: Number(n), pgid: Number(f[2]), cpuSeconds: (Number(f[11]) + Number(f[12])) / USER_HZ };
    }),
  );
  return rows.filter((r) => r !== undefined);
}

/** A process that outlived the benchmark. */
export interface Leftover {
  readonly pid: number;
  readonly pgid: number;
}

/**
 * Lists live processes whose pid or process group is one of `pids` (a server's grandchildren share its
 * group) and SIGKILLs their groups. Returns what it found (empty means clean).
 */
export async function reapLeftovers(pids: Iterable<number>): Promise<Leftover[]> {
  const wanted = new Set(pids);
  const left = (await listProcesses())
    .filter((r) => r.pid !== process.pid && (wanted.has(r.pid) || wanted.has(r.pgid)))
    .map((r) => ({ pid: r.pid, pgid: r.pgid }));
  for (const l of left) {
    for (const target of [-l.pgid, l.pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // already gone, or not ours to signal
      }
    }
  }
  return left;
}

/** CPU seconds (user + system) consumed so far by each of `pids` that is alive (Linux; NaN elsewhere). */
export async function cpuSecondsOf(pids: readonly number[]): Promise<Map<number, number>> {
  const want = new Set(pids);
  const rows = await listProcesses();
  return new Map(rows.filter((r) => want.has(r.pid)).map((r) => [r.pid, r.cpuSeconds]));
}

/**
 * Awaits `work` while holding the event loop open. `ProcessSupervisor.close()` awaits the reaper's exit, but
 * the reaper and its pipe are unref'd, so in a script with nothing else pending Node would exit (code 13,
 * unsettled top-level await) before `close()` resolves.
 */
export async function keepingAlive<T>(work: () => Promise<T>): Promise<T> {
  const keep = setInterval(() => undefined, 1000);
  try {
    return await work();
  } finally {
    clearInterval(keep);
  }
}
