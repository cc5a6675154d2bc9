/**
 * Aggregation figures of the gateway: a real `mcp up` with N stdio backends (bench/lib/tiny-stdio.mjs):
 * the time from spawning `mcp up` until every backend is `running` (and until `/ready`), the warm
 * aggregated `tools/list` latency on `/mcp` with the official SDK client (taking turns in blocks with the
 * floor relay listing the same number of tools from one server), and the RSS of the platform process alone
 * and of its whole process tree (the backends included).
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { procfsTable } from '../../dist/runtime/process-table.js';
import { PLATFORM_NODE_FLAGS } from '../../src/cli/node-flags.js';

import { processTree } from './cpu.js';
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

/** An SDK client session on an endpoint, warmed up with 20 unrecorded listings. */
async function lister(
  url: string,
  headers: Record<string, string>,
): Promise<{ client: Client; tools: number }> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  let tools = 0;
  for (let i = 0; i < 20; i++) tools = (await client.listTools()).tools.length;
  return { client, tools };
}

/**
 * Warm `tools/list` latencies of several sessions, `calls` each, in blocks of 25 taking turns (so that a
 * slow phase of the machine falls on all of them alike).
 */
async function pairedListings(clients: readonly Client[], calls: number): Promise<number[][]> {
  const samples = clients.map((): number[] => []);
  for (let done = 0; done < calls; done += 25) {
    for (const [k, client] of clients.entries()) {
      for (let i = done; i < Math.min(done + 25, calls); i++) {
        const s = performance.now();
        await client.listTools();
        samples[k]!.push(performance.now() - s);
      }
    }
  }
  return samples;
}

/**
 * The floor relay in front of one server that lists `n` tools: the least any relay costs for that list.
 * Resolves with its URL and a function that stops it.
 */
async function floorRelay(root: string, n: number): Promise<{ url: string; stop(): void }> {
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
  const port = await new Promise<number>((resolve, reject) => {
    relay.stdout!.on('data', (d: Buffer) => {
      const m = /listening (\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    relay.once('exit', () => reject(new Error('floor relay exited')));
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => relay.kill('SIGTERM') };
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
    const floor = await floorRelay(root, n);
    const gateway = await lister(`${base}/mcp`, headers);
    const relayed = await lister(floor.url, {});
    const [lat, floorLat] = await pairedListings([gateway.client, relayed.client], listCalls);
    await Promise.all([gateway.client.close(), relayed.client.close()]);
    floor.stop();
    const { tools } = gateway;
    await new Promise((r) => setTimeout(r, 500));
    const rss = async (pid: number): Promise<number> => ((await procfsTable.rssBytes(pid)) ?? 0) / 2 ** 20;
    const tree = await processTree(up.pid!);
    return {
      backends: n,
      readyMs: round(readyMs, 0),
      allRunningMs: round(allRunningMs, 0),
      listP50Ms: round(quantile(lat!, 0.5), 3),
      listP95Ms: round(quantile(lat!, 0.95), 3),
      floorListP50Ms: round(quantile(floorLat!, 0.5), 3),
      tools,
      gatewayRssMb: round(await rss(up.pid!), 1),
      treeRssMb: round(
        (await Promise.all(tree.map((p) => rss(p.pid)))).reduce((a, b) => a + b, 0),
        1,
      ),
    };
  } finally {
    up.kill('SIGTERM');
    await new Promise((r) => up.once('exit', r));
  }
}
