/**
 * Start-up timing of the supervisor: one fresh `ProcessSupervisor` per measurement, `n` copies of one server,
 * `startAll()` timed until every copy is `running` (spawned, `initialize` and `tools/list` done).
 * @module
 */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import type { StdioServerConfig } from '../../dist/config/schema.js';
import { ProcessSupervisor, ServerState } from '../../dist/runtime/index.js';

import { cpuSecondsOf, keepingAlive, recordingSpawn } from './processes.js';

/** A server the benchmark starts. */
export interface BenchServer {
  /** Short id used in names and reports. */
  readonly id: string;
  /** How the supervisor runs it. */
  readonly config: StdioServerConfig;
}

/**
 * The servers measured: the bundled example and the minimal test fixture (Node + SDK: start-up is CPU-bound),
 * and a bash server whose start waits 300 ms on nothing (start-up is latency-bound, almost no CPU).
 */
export function benchServers(root: string): BenchServer[] {
  const run = (file: string): StdioServerConfig => ({
    type: 'stdio',
    command: process.execPath,
    args: [path.join(root, file)],
    env: {},
    enabled: true,
    dependsOn: [],
    timeouts: { request: 60, max: 600, tools: {} },
    share: 'shared',
  });
  return [
    { id: 'echo-mcp', config: run('examples/echo-mcp/dist/index.js') },
    { id: 'good-server', config: run('test/fixtures/servers/good-server.mjs') },
    { id: 'light-sh', config: { ...run('bench/lib/light-server.sh'), command: 'bash' } },
  ];
}

/** One timed `startAll()` of `n` copies of a server. */
export interface StartRun {
  readonly n: number;
  /** `startAll()` call until it resolved with every copy `running`. */
  readonly wallMs: number;
  /** Per copy, `startAll()` call until its `running` event, ascending. */
  readonly readyMs: number[];
  /** `startAll()` call until the last server process was spawned (shows whether spawning is serialized). */
  readonly lastSpawnMs: number;
  /** Total time the supervising process spent blocked inside `spawn()` calls for the servers. */
  readonly spawnBlockMs: number;
  /** CPU time the server processes had used when all were running (their whole start-up). */
  readonly serverCpuMs: number;
  /** CPU time of this (supervising) process during `startAll()`. */
  readonly supervisorCpuMs: number;
  /** `close()` duration (graceful stop of everything, then the reaper). */
  readonly closeMs: number;
  /** Copies that did not reach `running` (0 on a good run). */
  readonly notRunning: number;
}

/** Supervisors not yet closed; the caller closes them if a measurement throws. */
export const openSupervisors = new Set<ProcessSupervisor>();

/** Starts `n` copies of `server` under a fresh supervisor, times it, then closes everything. */
export async function measureStart(server: BenchServer, n: number, logsRoot: string): Promise<StartRun> {
  let t0 = 0;
  const spawns: number[] = [];
  let spawnBlockMs = 0;
  const serverPids: number[] = [];
  const spawnFn = ((...args: Parameters<typeof recordingSpawn>) => {
    const before = performance.now();
    const child = recordingSpawn(...args);
    const isReaper = String(args[1]?.[0] ?? '').endsWith('reaper.js');
    if (!isReaper) {
      spawnBlockMs += performance.now() - before;
      spawns.push(performance.now() - t0);
      if (child.pid !== undefined) serverPids.push(child.pid);
    }
    return child;
  }) as typeof recordingSpawn;
  const sup = new ProcessSupervisor({ logsDir: mkdtempSync(path.join(logsRoot, `${server.id}-`)), spawnFn });
  openSupervisors.add(sup);
  let closed = false;
  try {
    for (let i = 0; i < n; i++) sup.add(`${server.id}-${i}`, server.config);
    const readyMs: number[] = [];
    sup.on('state', (c) => {
      if (c.to === ServerState.Running) readyMs.push(performance.now() - t0);
    });
    const cpu0 = process.cpuUsage();
    t0 = performance.now();
    const states = await sup.startAll();
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const serverCpu = await cpuSecondsOf(serverPids);
    const notRunning = Object.values(states).filter((s) => s !== ServerState.Running).length;
    const c0 = performance.now();
    await keepingAlive(() => sup.close());
    closed = true;
    const closeMs = performance.now() - c0;
    return {
      n,
      wallMs,
      readyMs: readyMs.sort((a, b) => a - b),
      lastSpawnMs: spawns.length ? Math.max(...spawns) : Number.NaN,
      spawnBlockMs,
      serverCpuMs: [...serverCpu.values()].reduce((a, b) => a + b, 0) * 1000,
      supervisorCpuMs: (cpu.user + cpu.system) / 1000,
      closeMs,
      notRunning,
    };
  } finally {
    if (!closed) await keepingAlive(() => sup.close()).catch(() => undefined);
    openSupervisors.delete(sup);
  }
}
