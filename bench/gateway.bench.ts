/**
 * Gateway benchmark: tools/call latency (p50/p95/p99, one call at a time) and calls/s (16 in flight), and
 * session setup, for the same trivial SDK server reached directly (Streamable HTTP, stdio), through the
 * floor relay (bench/lib/floor-relay.mjs: the least a Node relay can do), through the gateway (`/mcp`, `/ws` and
 * `/mcp/<server>`, with auth, names, metrics and all checks on), through `mcp bridge` and through the peer
 * proxies supergateway, mcp-proxy and mcp-hub (bench/lib/peers.ts). In each round every configuration is
 * connected at once and the sequential calls take turns in blocks, so ratios to the direct HTTP baseline
 * and the floor are paired within the round; the bursts record the CPU of the SDK client, the relay and the
 * server, and are repeated with a minimal client (bench/lib/raw-load.ts) to show each relay's own capacity.
 * Medians over rounds. Then the aggregation figures with 10 and 50 backends (bench/lib/aggregation.ts), and
 * a table of the targets.
 * Loopback only; uses the built CLI in dist/.
 *
 * Usage: npm run bench   |   npx tsx bench/gateway.bench.ts [--rounds 3] [--calls 300] [--burst 800] [--raw-calls 3000]
 *        [--idle-ms 20000] [--backends 10,50] [--no-peers]
 * Writes bench/results/gateway-<date>.md and .json.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

import { PLATFORM_NODE_FLAGS } from '../src/cli/node-flags.js';
import { WebSocketClientTransport } from '../src/transports/websocket-client.js';

import { measureAggregation, type AggregationSample } from './lib/aggregation.js';
import { ownCpu, treeCpu, type TreeCpu } from './lib/cpu.js';
import { renderGatewayReport, type Results, type Row } from './lib/gateway-report.js';
import { startPeers } from './lib/peers.js';
import { rawBurst, type RawTarget } from './lib/raw-load.js';
import { median, quantile, round } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'mcp.js');
const ECHO = path.join(ROOT, 'bench', 'lib', 'echo-stdio.mjs');
const { values: flags } = parseArgs({
  allowNegative: true,
  options: {
    rounds: { type: 'string', default: '3' },
    calls: { type: 'string', default: '300' },
    burst: { type: 'string', default: '800' },
    'raw-calls': { type: 'string', default: '3000' },
    'idle-ms': { type: 'string', default: '20000' },
    backends: { type: 'string', default: '10,50' },
    peers: { type: 'boolean', default: true },
    out: { type: 'string', default: path.join(ROOT, 'bench/results') },
  },
});
const ROUNDS = Number(flags.rounds);
const CALLS = Number(flags.calls);
const BURST = Number(flags.burst);
const RAW_CALLS = Number(flags['raw-calls']);
/** How long the serving processes are watched idle, after start-up. */
const IDLE_MS = Number(flags['idle-ms']);
const BACKENDS = flags.backends!.split(',').filter(Boolean).map(Number);

const children: ChildProcess[] = [];
/** bench/lib/sdk-idle.mjs, bundled: Node with the SDK imported, idle, without and with SQLite open. */
const sdkIdlePids: { sdk?: number | undefined; sdkSqlite?: number | undefined } = {};

/** Spawns a process and resolves with the first stdout text matching `pattern`. */
function startProcess(
  args: string[],
  pattern: RegExp,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) resolve({ child, match: m });
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
}

/**
 * Bundles bench/lib/sdk-idle.mjs as scripts/bundle-cli.mjs bundles the CLI (ES modules in, libsql left to
 * node_modules), so that its RSS compares with the platform's; returns the bundle's path.
 */
async function bundleSdkIdle(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = path.join(ROOT, 'dist/bench/sdk-idle.mjs');
  await build({
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, 'bench/lib/sdk-idle.mjs')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    external: ['@libsql/client'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  return outfile;
}

interface Target {
  name: string;
  /** The tool to call (found by listing when it ends with `echo` and is not known up front). */
  tool: string;
  transport(): Transport;
  /** Pid whose RSS is reported (the relay / gateway process), if any. */
  pid?: number | undefined;
  /** The same endpoint for the minimal client (HTTP configurations only). */
  raw?: RawTarget;
}

/** A configuration reached over Streamable HTTP, by the SDK client and by the minimal client alike. */
function overHttp(
  name: string,
  url: string,
  tool: string,
  pid: number | undefined,
  headers?: Record<string, string>,
): Target {
  const init = headers ? { requestInit: { headers } } : undefined;
  return {
    name,
    tool,
    transport: () => new StreamableHTTPClientTransport(new URL(url), init),
    pid,
    raw: { url, tool, ...(headers ? { headers } : {}) },
  };
}

async function setUp(): Promise<Target[]> {
  const http = await startProcess([path.join(ROOT, 'bench/lib/echo-http.mjs'), '0'], /listening (\d+)/);
  const floor = await startProcess(
    [path.join(ROOT, 'bench/lib/floor-relay.mjs'), '0', process.execPath, ECHO],
    /listening (\d+)/,
  );
  const sdkIdle = await bundleSdkIdle();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mcp-bench-sdk-'));
  const sdkOnly = await startProcess([...PLATFORM_NODE_FLAGS, sdkIdle], /listening (\d+)/);
  const sdkSqlite = await startProcess(
    [...PLATFORM_NODE_FLAGS, sdkIdle, '--sqlite', path.join(scratch, 'state.db')],
    /listening (\d+)/,
  );
  const bridge = await startProcess(
    [BIN, 'bridge', '--stdio', `"${process.execPath}" "${ECHO}"`, '--port', '0', '--json'],
    /"mcp": "([^"]+)"/,
  );
  const home = mkdtempSync(path.join(os.tmpdir(), 'mcp-bench-gw-'));
  const { execFileSync } = await import('node:child_process');
  const run = (args: string[]): string =>
    execFileSync(process.execPath, [BIN, ...args], {
      env: { ...process.env, MCP_HOME: home },
      encoding: 'utf8',
    });
  run(['server', 'add', 'echo', '--', process.execPath, ECHO]);
  const key = (JSON.parse(run(['key', 'create', '--name', 'bench', '--json'])) as { key: string }).key;
  const up = JSON.parse(run(['up', '--detach', '--port', '0', '--json'])) as { url: string; pid: number };
  process.on('exit', () => {
    try {
      execFileSync(process.execPath, [BIN, 'down'], { env: { ...process.env, MCP_HOME: home } });
    } catch {
      // already down
    }
  });
  const headers = { authorization: `Bearer ${key}` };
  const peers = flags.peers ? await startPeers(ROOT, ECHO, (c) => children.push(c)) : [];
  const peerTargets: Target[] = peers.map((p) =>
    // mcp-hub's /mcp is the legacy HTTP+SSE transport, with its tools namespaced.
    p.name === 'mcp-hub'
      ? {
          name: p.name,
          tool: 'echo__echo',
          transport: () => new SSEClientTransport(new URL(p.url)),
          pid: p.child.pid,
          raw: { url: p.url, tool: 'echo__echo', legacySse: true },
        }
      : overHttp(p.name, p.url, 'echo', p.child.pid),
  );
  sdkIdlePids.sdk = sdkOnly.child.pid;
  sdkIdlePids.sdkSqlite = sdkSqlite.child.pid;
  return [
    overHttp('direct Streamable HTTP', `http://127.0.0.1:${http.match[1]}/mcp`, 'echo', http.child.pid),
    {
      name: 'direct stdio',
      tool: 'echo',
      transport: () => new StdioClientTransport({ command: process.execPath, args: [ECHO] }),
    },
    overHttp('floor relay', `http://127.0.0.1:${floor.match[1]}/`, 'echo', floor.child.pid),
    overHttp('gateway /mcp', `${up.url}/mcp`, 'echo__echo', up.pid, headers),
    overHttp('gateway /mcp/echo', `${up.url}/mcp/echo`, 'echo', up.pid, headers),
    {
      name: 'gateway /ws (WebSocket)',
      tool: 'echo__echo',
      transport: () =>
        new WebSocketClientTransport(new URL(`${up.url.replace(/^http/, 'ws')}/ws`), {
          headers,
        }),
      pid: up.pid,
    },
    // The stdio form desktop clients launch: stdio to `mcp connect`, one WebSocket (or HTTP) to the gateway.
    ...(['ws', 'streamable-http'] as const).map((via) => ({
      name: `mcp connect (stdio, ${via === 'ws' ? '/ws' : '/mcp'})`,
      tool: 'echo__echo',
      transport: () =>
        new StdioClientTransport({
          command: process.execPath,
          args: [...PLATFORM_NODE_FLAGS, BIN, 'connect', '--transport', via],
          env: { ...(process.env as Record<string, string>), MCP_HOME: home, MCP_API_KEY: key },
        }),
    })),
    overHttp('mcp bridge', bridge.match[1]!, 'echo', bridge.child.pid),
    ...peerTargets,
  ];
}

/** What one round measured of one configuration. */
interface Sample {
  setupMs: number;
  /** Latencies of the sequential calls (ms). */
  lat: number[];
  callsPerSecond: number;
  /** CPU µs over the burst: the SDK client (this process), the relay, the server below it. */
  cpu: { client: number; relay: number | null; server: number | null };
  raw: { callsPerSecond: number; relayCpu: number | null } | null;
}

/** Sequential calls per block: configurations take turns block by block. */
const BLOCK = 25;

/** CPU µs spent between `before` and now: this process, and `pid` with what is below it. */
async function cpuSince(
  pid: number | undefined,
  before: { client: number; tree: TreeCpu | undefined },
): Promise<Sample['cpu']> {
  const client = ownCpu() - before.client;
  const tree = await treeCpu(pid);
  const ok = tree && before.tree;
  return {
    client,
    relay: ok ? tree.self - before.tree!.self : null,
    server: ok ? tree.below - before.tree!.below : null,
  };
}

/**
 * One round: every configuration connected at once and warmed up, then sequential calls in blocks taking
 * turns (so that each configuration sees the machine as the others do, and ratios are paired), then the
 * bursts with 16 in flight, one configuration at a time, with the CPU of the client, relay and server.
 */
async function measureRound(order: readonly Target[]): Promise<Map<string, Sample>> {
  const open: Array<{ t: Target; client: Client; s: Sample }> = [];
  for (const t of order) {
    const client = new Client({ name: 'bench', version: '1.0.0' });
    const t0 = performance.now();
    await client.connect(t.transport());
    const s: Sample = {
      setupMs: performance.now() - t0,
      lat: [],
      callsPerSecond: 0,
      cpu: { client: 0, relay: null, server: null },
      raw: null,
    };
    open.push({ t, client, s });
    for (let i = 0; i < 30; i++) await client.callTool({ name: t.tool, arguments: { text: `w${i}` } });
  }
  for (let done = 0; done < CALLS; done += BLOCK) {
    for (const { t, client, s } of open) {
      for (let i = done; i < Math.min(done + BLOCK, CALLS); i++) {
        const start = performance.now();
        await client.callTool({ name: t.tool, arguments: { text: `m${i}` } });
        s.lat.push(performance.now() - start);
      }
    }
  }
  for (const { t, client, s } of open) {
    let next = 0;
    const before = { client: ownCpu(), tree: await treeCpu(t.pid) };
    const b0 = performance.now();
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < BURST) await client.callTool({ name: t.tool, arguments: { text: `b${next++}` } });
      }),
    );
    s.callsPerSecond = BURST / ((performance.now() - b0) / 1000);
    s.cpu = await cpuSince(t.pid, before);
    await client.close();
  }
  for (const { t, s } of open) {
    if (!t.raw) continue;
    const before = { client: ownCpu(), tree: await treeCpu(t.pid) };
    const callsPerSecond = await rawBurst(t.raw, RAW_CALLS, 16, 0);
    s.raw = { callsPerSecond, relayCpu: (await cpuSince(t.pid, before)).relay };
  }
  return new Map(open.map(({ t, s }) => [t.name, s]));
}

function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/**
 * CPU of each serving process while nobody calls it, in percent of one core over `IDLE_MS`, after 15 s for
 * the processes to settle (compilation and collections right after start-up).
 */
async function idleCpuPercent(targets: readonly Target[]): Promise<Map<string, number>> {
  await new Promise((r) => setTimeout(r, 15_000));
  const cpuOf = async (t: Target): Promise<number | undefined> => (await treeCpu(t.pid))?.self;
  const before = new Map<string, number | undefined>();
  for (const t of targets) before.set(t.name, await cpuOf(t));
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const out = new Map<string, number>();
  for (const t of targets) {
    const a = before.get(t.name);
    const b = await cpuOf(t);
    if (a !== undefined && b !== undefined) out.set(t.name, round(((b - a) / (IDLE_MS * 1000)) * 100, 2));
  }
  return out;
}

/** Sum of a CPU figure over rounds, per call; null when a round could not read it. */
function perCall(values: Array<number | null>, calls: number): number | null {
  if (values.some((v) => v === null)) return null;
  return Math.round((values as number[]).reduce((a, b) => a + b, 0) / calls);
}

async function main(): Promise<void> {
  const targets = await setUp();
  const idleRss = Object.fromEntries(targets.map((t) => [t.name, rssMb(t.pid)]));
  const idleCpu = await idleCpuPercent(targets);
  const sdkIdleRssMb = { sdk: rssMb(sdkIdlePids.sdk), sdkSqlite: rssMb(sdkIdlePids.sdkSqlite) };
  const rounds: Array<Map<string, Sample>> = [];
  for (let r = 0; r < ROUNDS; r++) {
    // Connected and measured in a different order each round.
    rounds.push(await measureRound(r % 2 === 0 ? targets : [...targets].reverse()));
    process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
  }
  const p50 = (name: string, r: Map<string, Sample>): number => quantile(r.get(name)!.lat, 0.5);
  const rows: Row[] = targets.map((t) => {
    const s = rounds.map((r) => r.get(t.name)!);
    const pick = (f: (x: Sample) => number): number => median(s.map(f));
    const raw = s.every((x) => x.raw) ? s.map((x) => x.raw!) : null;
    return {
      name: t.name,
      setupMs: pick((x) => x.setupMs),
      p50: pick((x) => quantile(x.lat, 0.5)),
      p95: pick((x) => quantile(x.lat, 0.95)),
      p99: pick((x) => quantile(x.lat, 0.99)),
      p50OverFloor: median(rounds.map((r) => p50(t.name, r) / p50('floor relay', r))),
      p50OverDirect: median(rounds.map((r) => p50(t.name, r) / p50('direct Streamable HTTP', r))),
      callsPerSecond: pick((x) => x.callsPerSecond),
      cpuPerCall: {
        client: perCall(
          s.map((x) => x.cpu.client),
          BURST * ROUNDS,
        )!,
        relay: perCall(
          s.map((x) => x.cpu.relay),
          BURST * ROUNDS,
        ),
        server: perCall(
          s.map((x) => x.cpu.server),
          BURST * ROUNDS,
        ),
      },
      rawCallsPerSecond: raw ? median(raw.map((x) => x.callsPerSecond)) : null,
      rawRelayCpuPerCall: raw
        ? perCall(
            raw.map((x) => x.relayCpu),
            RAW_CALLS * ROUNDS,
          )
        : null,
      idleRssMb: idleRss[t.name] ?? null,
      idleCpuPercent: idleCpu.get(t.name) ?? null,
    };
  });
  for (const c of children) c.kill('SIGTERM');
  const aggregation: AggregationSample[] = [];
  for (const n of BACKENDS) {
    aggregation.push(await measureAggregation(ROOT, n, CALLS));
    process.stderr.write(`aggregation with ${n} backends done\n`);
  }
  const date = new Date().toISOString().slice(0, 10);
  const results: Results = {
    date,
    rounds: ROUNDS,
    calls: CALLS,
    burst: BURST,
    rawCalls: RAW_CALLS,
    rows,
    aggregation,
    sdkIdleRssMb,
  };
  const markdown = renderGatewayReport(results);
  mkdirSync(flags.out!, { recursive: true });
  writeFileSync(path.join(flags.out!, `gateway-${date}.md`), markdown);
  writeFileSync(path.join(flags.out!, `gateway-${date}.json`), JSON.stringify(results, null, 2));
  process.stdout.write(markdown);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
  });
