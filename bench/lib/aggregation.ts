/**
 * Aggregation figures of the gateway: a real `mcp up` with N stdio backends (bench/lib/tiny-stdio.mjs):
 * the time from spawning `mcp up` until every backend is `running` (and until `/ready`), the warm
 * aggregated `tools/list` latency on `/mcp` with the official SDK client, and the RSS of the platform
 * process alone and of its whole process tree (the backends included).
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { PLATFORM_NODE_FLAGS } from '../../src/cli/node-flags.js';

import { freePort } from './peers.js';
import { quantile, round } from './stats.js';

/** Figures for one backend count. */
export interface AggregationSample {
  readonly backends: number;
  /** Spawn of `mcp up` until `/ready` answers 200 (every backend had its first start). */
  readonly readyMs: number;
  /** Spawn of `mcp up` until every backend is `running` (initialized, tools listed). */
  readonly allRunningMs: number;
  /** Warm `tools/list` on `/mcp` (one call at a time). */
  readonly listP50Ms: number;
  readonly listP95Ms: number;
  /** The same listing (N tools) through the floor relay in front of one server that lists them all. */
  readonly floorListP50Ms: number;
  readonly tools: number;
  /** The platform process alone, idle after start. */
  readonly gatewayRssMb: number;
  /** The platform and every process below it. */
  readonly treeRssMb: number;
}

function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** `pid` and all its descendants (Linux /proc). */
function tree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

/**
 * Warm `tools/list` latencies of an endpoint with the SDK client (after 20 unrecorded calls), pushed to
 * `samples`; resolves with the number of tools listed.
 */
async function listLatency(
  url: string,
  headers: Record<string, string>,
  calls: number,
  samples: number[],
): Promise<number> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  let tools = 0;
  for (let i = 0; i < 20; i++) tools = (await client.listTools()).tools.length;
  for (let i = 0; i < calls; i++) {
    const s = performance.now();
    await client.listTools();
    samples.push(performance.now() - s);
  }
  await client.close();
  return tools;
}

/** Warm `tools/list` p50 of `n` tools through the floor relay: the least any relay costs for that list. */
async function floorListing(root: string, n: number, calls: number): Promise<number> {
  const relay = spawn(
    process.execPath,
    [
      path.join(root, 'bench/lib/floor-relay.mjs'),
      '0',
      process.execPath,
      path.join(root, 'bench/lib/tiny-stdio.mjs'),
      '--tools',
      String(n),
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      relay.stdout!.on('data', (d: Buffer) => {
        const m = /listening (\d+)/.exec(String(d));
        if (m) resolve(Number(m[1]));
      });
      relay.once('exit', () => reject(new Error('floor relay exited')));
    });
    const samples: number[] = [];
    await listLatency(`http://127.0.0.1:${port}/`, {}, calls, samples);
    return quantile(samples, 0.5);
  } finally {
    relay.kill('SIGTERM');
  }
}

/** Runs the platform with `n` tiny backends, measures, and stops it. */
export async function measureAggregation(
  root: string,
  n: number,
  listCalls: number,
): Promise<AggregationSample> {
  const bin = path.join(root, 'bin', 'mcp.js');
  const backend = path.join(root, 'bench', 'lib', 'tiny-stdio.mjs');
  const home = mkdtempSync(path.join(os.tmpdir(), 'mcp-bench-agg-'));
  const env = { ...process.env, MCP_HOME: home };
  const cli = (args: string[]): string =>
    execFileSync(process.execPath, [bin, ...args], { env, encoding: 'utf8' });
  const servers = Object.fromEntries(
    Array.from({ length: n }, (_, i) => [`s${i + 1}`, { command: process.execPath, args: [backend] }]),
  );
  const file = path.join(home, 'servers.json');
  writeFileSync(file, JSON.stringify({ mcpServers: servers }));
  cli(['config', 'import', file]);
  const key = (
    JSON.parse(cli(['key', 'create', '--name', 'bench', '--scope', 'mcp', '--scope', 'read', '--json'])) as {
      key: string;
    }
  ).key;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const headers = { authorization: `Bearer ${key}` };

  const t0 = performance.now();
  // As the installed `mcp` runs it (the flags of bin/mcp.js's shebang).
  const up = spawn(process.execPath, [...PLATFORM_NODE_FLAGS, bin, 'up', '--port', String(port)], {
    env,
    stdio: 'ignore',
  });
  try {
    let readyMs = Number.NaN;
    let allRunningMs = Number.NaN;
    const deadline = Date.now() + 120_000;
    while (Number.isNaN(allRunningMs)) {
      if (Date.now() > deadline) throw new Error(`${n} backends not running after 120 s`);
      await new Promise((r) => setTimeout(r, 5));
      try {
        if (Number.isNaN(readyMs)) {
          if ((await fetch(`${base}/ready`)).status === 200) readyMs = performance.now() - t0;
          continue;
        }
        const status = (await (await fetch(`${base}/api/v1/status`, { headers })).json()) as {
          servers: Array<{ state: string }>;
        };
        if (status.servers.length === n && status.servers.every((s) => s.state === 'running'))
          allRunningMs = performance.now() - t0;
      } catch {
        // not listening yet
      }
    }
    const lat: number[] = [];
    const tools = await listLatency(`${base}/mcp`, headers, listCalls, lat);
    const floorListP50Ms = await floorListing(root, n, listCalls);
    await new Promise((r) => setTimeout(r, 500));
    const pids = tree(up.pid!);
    return {
      backends: n,
      readyMs: round(readyMs, 0),
      allRunningMs: round(allRunningMs, 0),
      listP50Ms: round(quantile(lat, 0.5), 3),
      listP95Ms: round(quantile(lat, 0.95), 3),
      floorListP50Ms: round(floorListP50Ms, 3),
      tools,
      gatewayRssMb: round(rssKb(up.pid!) / 1024, 1),
      treeRssMb: round(pids.reduce((sum, p) => sum + rssKb(p), 0) / 1024, 1),
    };
  } finally {
    up.kill('SIGTERM');
    await new Promise((r) => up.once('exit', r));
  }
}
