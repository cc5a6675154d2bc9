/**
 * RSS probe: a stand-in for the platform process, run by `runtime.bench.ts` as
 * `node --expose-gc bench/lib/rss-probe.mjs '<json>'` with `{ logsDir, server, n, idleMs }`.
 * It loads the built runtime, measures its own memory with 0, 1 and `n` idle running servers (after forced
 * GCs), stops everything and prints one JSON line on stdout. Every spawned pid is written to stderr as
 * `pid <n>` at once, so the parent can verify cleanup even if this process dies.
 * Plain JavaScript on purpose: no TypeScript loader in the process whose memory is measured.
 * @module
 */
import { spawn } from 'node:child_process';
import process from 'node:process';
import { clearInterval, setInterval } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';

import { ProcessSupervisor, ServerState } from '../../dist/runtime/index.js';

const { logsDir, server, n, idleMs } = JSON.parse(process.argv[2] ?? '{}');
const gc = globalThis.gc;

/**
 * `spawn` that reports every pid on stderr at once (injected into the supervisor, which also spawns the reaper
 * with it).
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import('node:child_process').SpawnOptions} options
 */
function reportingSpawn(command, args, options) {
  const child = spawn(command, args, options);
  if (child.pid !== undefined) process.stderr.write(`pid ${child.pid}\n`);
  return child;
}
const spawnFn = /** @type {typeof spawn} */ (/** @type {unknown} */ (reportingSpawn));

/** Memory after letting the servers idle and forcing full GCs. */
async function settle() {
  await sleep(idleMs);
  for (let i = 0; i < 3; i++) {
    gc?.();
    await sleep(50);
  }
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external };
}

/**
 * Starts every added server and fails unless all are running.
 * @param {ProcessSupervisor} sup
 */
async function startAll(sup) {
  const states = await sup.startAll();
  const bad = Object.entries(states).filter(([, s]) => s !== ServerState.Running);
  if (bad.length > 0) throw new Error(`not running: ${JSON.stringify(bad)}`);
}

const sup = new ProcessSupervisor({ logsDir, spawnFn });
try {
  const zero = await settle();
  sup.add(`${server.id}-0`, server.config);
  await startAll(sup);
  const one = await settle();
  for (let i = 1; i < n; i++) sup.add(`${server.id}-${i}`, server.config);
  await startAll(sup);
  const all = await settle();
  process.stdout.write(`${JSON.stringify({ gcExposed: gc !== undefined, n, zero, one, all })}\n`);
} finally {
  // close() awaits the unref'd reaper's exit: hold the event loop open meanwhile (see processes.ts).
  const keep = setInterval(() => undefined, 1000);
  await sup.close();
  clearInterval(keep);
}
