/**
 * CPU time of processes while the benchmark drives them: a process itself (the relay or gateway) and the
 * processes of its tree (the server it launched), so that a run can say where the CPU of a call went. It
 * reads the runtime's own process table (`collectTree` over a `/proc` snapshot, the platform's resource
 * sampling). `/proc/<pid>/stat` counts in clock ticks (10 ms), so figures are summed over a whole run of
 * bursts before they are divided by the number of calls.
 * @module
 */
import { collectTree, procfsTable, type ProcessInfo } from '../../dist/runtime/process-table.js';

/** CPU microseconds so far of a process (its own) and of the rest of its tree (alive ones). */
export interface TreeCpu {
  readonly self: number;
  readonly below: number;
}

/** `pid` and every process of its tree (descendants and group), from one snapshot; [] off Linux. */
export async function processTree(pid: number): Promise<ProcessInfo[]> {
  if (process.platform !== 'linux') return [];
  return collectTree(await procfsTable.list(), pid);
}

/** CPU time of `pid` and of the rest of its tree; undefined off Linux or when `pid` is gone. */
export async function treeCpu(pid: number | undefined): Promise<TreeCpu | undefined> {
  if (pid === undefined) return undefined;
  const tree = await processTree(pid);
  const own = tree.find((p) => p.pid === pid);
  if (!own) return undefined;
  const total = tree.reduce((sum, p) => sum + p.cpuSeconds, 0);
  return { self: own.cpuSeconds * 1e6, below: (total - own.cpuSeconds) * 1e6 };
}

/** The CPU of this process (the benchmark's client) in microseconds, at microsecond resolution. */
export function ownCpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
