/**
 * A snapshot of the system's processes (pid, parent, group, CPU time, RSS): `/proc` on Linux, `ps` elsewhere.
 * @module
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';

/** One process in a snapshot. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** User + system CPU time consumed so far, in seconds. */
  readonly cpuSeconds: number;
  /** Resident set size; undefined when the source reports it separately (see {@link ProcessTable.rssBytes}). */
  readonly rssBytes: number | undefined;
}

/** Source of process snapshots. */
export interface ProcessTable {
  /** Every visible process. */
  list(): Promise<ProcessInfo[]>;
  /**
   * A snapshot that holds at least every process of the trees rooted at `roots` (see {@link collectTree}),
   * with fresh CPU times, for sources that can take it without reading every process (`ProcfsTable` gives
   * the members only). Default: `list()`.
   */
  listTrees?(roots: readonly number[]): Promise<ProcessInfo[]>;
  /** RSS of one process, for sources whose `list` leaves it undefined. */
  rssBytes(pid: number): Promise<number | undefined>;
}

/** Clock ticks per second of `/proc/<pid>/stat` times (USER_HZ). 100 on every mainstream Linux build. */
const USER_HZ = 100;

/** Parses `/proc/<pid>/stat`. The command name may hold spaces and parentheses, so fields count from the last `)`. */
export function parseProcStat(text: string): ProcessInfo | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const pid = Number.parseInt(text, 10);
  // After ") ": state(0) ppid(1) pgrp(2) ... utime(11) stime(12).
  const f = text.slice(close + 2).split(' ');
  const [ppid, pgid, utime, stime] = [f[1], f[2], f[11], f[12]].map(Number);
  if (!Number.isInteger(pid) || [ppid, pgid, utime, stime].some((n) => n === undefined || Number.isNaN(n))) {
    return undefined;
  }
  return { pid, ppid: ppid!, pgid: pgid!, cpuSeconds: (utime! + stime!) / USER_HZ, rssBytes: undefined };
}

/** Parses `ps` CPU time: `[[dd-]hh:]mm:ss[.cc]`. */
export function parseCpuTime(text: string): number {
  const [days, clock] = text.includes('-') ? text.split('-', 2) : ['0', text];
  const parts = (clock ?? '').split(':').map(Number);
  const seconds = parts.reduce((acc, n) => acc * 60 + n, 0);
  return Number(days) * 86_400 + seconds;
}

/** Parses one line of `ps -A -o pid=,ppid=,pgid=,rss=,time=`. */
export function parsePsLine(line: string): ProcessInfo | undefined {
  const [pid, ppid, pgid, rssKb, time] = line.trim().split(/\s+/);
  const nums = [pid, ppid, pgid, rssKb].map(Number);
  if (time === undefined || nums.some((n) => !Number.isInteger(n))) return undefined;
  return {
    pid: nums[0]!,
    ppid: nums[1]!,
    pgid: nums[2]!,
    rssBytes: nums[3]! * 1024,
    cpuSeconds: parseCpuTime(time),
  };
}

/** Parent and group links of one snapshot, built once however many trees are taken from it. */
interface TreeIndex {
  readonly children: Map<number, ProcessInfo[]>;
  /** The processes of each process group, and the process whose pid the group id is. */
  readonly groups: Map<number, ProcessInfo[]>;
}

const indexes = new WeakMap<readonly ProcessInfo[], TreeIndex>();

function indexOf(rows: readonly ProcessInfo[]): TreeIndex {
  let index = indexes.get(rows);
  if (index) return index;
  const children = new Map<number, ProcessInfo[]>();
  const groups = new Map<number, ProcessInfo[]>();
  const add = (map: Map<number, ProcessInfo[]>, key: number, r: ProcessInfo): void => {
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  };
  for (const r of rows) {
    add(children, r.ppid, r);
    add(groups, r.pgid, r);
    if (r.pgid !== r.pid) add(groups, r.pid, r);
  }
  indexes.set(rows, (index = { children, groups }));
  return index;
}

/**
 * The processes of a server: its leader, every descendant (by parent links) and every member of its process
 * group (which catches daemonized grandchildren whose parent link was cut). Pure; linear in the snapshot,
 * whose links are indexed once for every tree taken from it.
 */
export function collectTree(rows: readonly ProcessInfo[], rootPid: number): ProcessInfo[] {
  const { children, groups } = indexOf(rows);
  const seen = new Map<number, ProcessInfo>();
  const queue = [...(groups.get(rootPid) ?? [])];
  while (queue.length > 0) {
    const p = queue.pop()!;
    if (seen.has(p.pid)) continue;
    seen.set(p.pid, p);
    const below = children.get(p.pid);
    if (below) for (const c of below) queue.push(c);
  }
  return [...seen.values()];
}

async function readStat(pid: number | string): Promise<ProcessInfo | undefined> {
  return fs.readFile(`/proc/${pid}/stat`, 'utf8').then(
    (text) => parseProcStat(text),
    () => undefined, // the process exited between readdir and read
  );
}

async function procPids(): Promise<number[]> {
  return (await fs.readdir('/proc')).filter((n) => /^\d+$/.test(n)).map(Number);
}

/**
 * `/proc`-based table (Linux). `listTrees` reads `/proc/<pid>/stat` only for the processes it has not seen
 * before and for the members of the trees asked about, keeping the parent and group links of the others
 * from earlier reads: on a desktop with hundreds of processes, the supervisor's sample every 5 s costs a
 * directory listing and a few reads instead of one read per process. A process that exits leaves the
 * listing and is forgotten, so a reused pid is read as new unless the pid space wrapped around within one
 * call's interval; a process outside the trees cannot join one but by `setpgid` into a server's group. As a
 * safety net, every `fullEvery`-th call reads everything again.
 */
export class ProcfsTable implements ProcessTable {
  /** Last known links of every process seen (pid -> row as last read). */
  private links = new Map<number, ProcessInfo>();
  private calls = 0;

  constructor(private readonly fullEvery = 120) {}

  async list(): Promise<ProcessInfo[]> {
    const rows = (await Promise.all((await procPids()).map((pid) => readStat(pid)))).filter(
      (r): r is ProcessInfo => r !== undefined,
    );
    this.links = new Map(rows.map((r) => [r.pid, r]));
    return rows;
  }

  async listTrees(roots: readonly number[]): Promise<ProcessInfo[]> {
    if (this.calls++ % this.fullEvery === 0) return this.list();
    const alive = await procPids();
    const known = new Map<number, ProcessInfo>();
    const fresh: number[] = [];
    for (const pid of alive) {
      const link = this.links.get(pid);
      if (link) known.set(pid, link);
      else fresh.push(pid);
    }
    for (const r of await Promise.all(fresh.map((pid) => readStat(pid)))) if (r) known.set(r.pid, r);
    // The members by the links known now, read again for their CPU time (and links that may have moved).
    const snapshot = [...known.values()];
    const members = new Set(roots.flatMap((root) => collectTree(snapshot, root).map((r) => r.pid)));
    const reread = await Promise.all([...members].map(async (pid) => [pid, await readStat(pid)] as const));
    const rows: ProcessInfo[] = [];
    for (const [pid, r] of reread) {
      if (!r) {
        known.delete(pid); // exited since the listing
        continue;
      }
      known.set(pid, r);
      rows.push(r);
    }
    this.links = known;
    return rows;
  }

  async rssBytes(pid: number): Promise<number | undefined> {
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  }
}

/** A `/proc`-based table that reads every process on every call (see {@link ProcfsTable} for the other way). */
export const procfsTable: ProcessTable = new ProcfsTable(1);

/** `ps`-based table (macOS, BSD). */
export const psTable: ProcessTable = {
  list() {
    return new Promise((resolve, reject) => {
      execFile('ps', ['-A', '-o', 'pid=,ppid=,pgid=,rss=,time='], { maxBuffer: 16 << 20 }, (err, stdout) => {
        if (err) reject(err);
        else resolve(stdout.split('\n').flatMap((l) => parsePsLine(l) ?? []));
      });
    });
  },
  async rssBytes() {
    return undefined;
  },
};

/** The table for this platform. */
export function defaultProcessTable(platform: NodeJS.Platform = process.platform): ProcessTable {
  return platform === 'linux' ? new ProcfsTable() : psTable;
}
