/**
 * CPU time of processes while the benchmark drives them (Linux `/proc`): a process itself (the relay or
 * gateway) and everything below it (the server it launched), so that a run can say where the CPU of a
 * call went. `/proc/<pid>/stat` counts in clock ticks (10 ms), so figures are summed over a whole run of
 * bursts before they are divided by the number of calls.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ, 100 on mainstream Linux). */
const USER_HZ = 100;

/** CPU microseconds so far of a process (its own) and of its descendants (alive ones). */
export interface TreeCpu {
  readonly self: number;
  readonly below: number;
}

interface Stat {
  readonly ppid: number;
  readonly cpuUs: number;
}

function stat(pid: number | string): Stat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name "(...)": state(0) ppid(1) ... utime(11) stime(12).
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuUs: ((Number(f[11]) + Number(f[12])) * 1e6) / USER_HZ };
  } catch {
    return undefined;
  }
}

/** CPU time of `pid` and of its live descendants; undefined off Linux or when `pid` is gone. */
export function treeCpu(pid: number | undefined): TreeCpu | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  const own = stat(pid);
  if (!own) return undefined;
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(entry);
    if (!s) continue;
    cpu.set(Number(entry), s.cpuUs);
    const list = children.get(s.ppid) ?? [];
    list.push(Number(entry));
    children.set(s.ppid, list);
  }
  let below = 0;
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      below += cpu.get(c) ?? 0;
      walk(c);
    }
  };
  walk(pid);
  return { self: own.cpuUs, below };
}

/** The CPU of this process (the benchmark's client) in microseconds, at microsecond resolution. */
export function ownCpu(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}
