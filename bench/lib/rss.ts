/**
 * Memory of the supervising process per idle server, measured in a separate `node --expose-gc` process
 * (`rss-probe.mjs`) so that neither this benchmark's own state nor a TypeScript loader is counted.
 * @module
 */
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runChild } from './child.js';
import { spawnedPids } from './processes.js';
import type { BenchServer } from './start-times.js';

const PROBE = fileURLToPath(new URL('./rss-probe.mjs', import.meta.url));

interface Mem {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** One probe run. */
export interface RssRun {
  readonly n: number;
  readonly gcExposed: boolean;
  /** Memory with 0, 1 and `n` idle running servers. */
  readonly zero: Mem;
  readonly one: Mem;
  readonly all: Mem;
  /** (rss(n) - rss(0)) / n, in KiB. */
  readonly perServerKiB: number;
  /** (rss(n) - rss(1)) / (n - 1), in KiB: the cost of one more server once the first one loaded everything. */
  readonly marginalKiB: number;
  /** (heapUsed(n) - heapUsed(0)) / n, in KiB. */
  readonly heapPerServerKiB: number;
}

/** Runs the probe once with `n` copies of `server`. */
export async function measureRss(
  server: BenchServer,
  n: number,
  idleMs: number,
  logsRoot: string,
): Promise<RssRun> {
  const input = { logsDir: mkdtempSync(path.join(logsRoot, 'rss-')), server, n, idleMs };
  const res = await runChild(process.execPath, ['--expose-gc', PROBE, JSON.stringify(input)], {
    timeoutMs: 60_000,
    onStderrLine: (line) => {
      const pid = /^pid (\d+)$/.exec(line)?.[1];
      if (pid) spawnedPids.add(Number(pid));
    },
  });
  if (res.code !== 0)
    throw new Error(`rss probe failed (${res.code ?? res.signal}): ${res.stderr.slice(-2000)}`);
  const out = JSON.parse(res.stdout.trim().split('\n').pop() ?? '') as Omit<
    RssRun,
    'perServerKiB' | 'marginalKiB' | 'heapPerServerKiB'
  >;
  return {
    ...out,
    perServerKiB: (out.all.rss - out.zero.rss) / n / 1024,
    marginalKiB: (out.all.rss - out.one.rss) / (n - 1) / 1024,
    heapPerServerKiB: (out.all.heapUsed - out.zero.heapUsed) / n / 1024,
  };
}
