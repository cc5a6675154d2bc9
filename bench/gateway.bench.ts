/**
 * Gateway benchmark: tools/call latency (p50/p95/p99, one call at a time) and calls/s (16 in flight), and
 * session setup, for the same trivial SDK server reached directly (Streamable HTTP, stdio), through the
 * floor relay (bench/lib/floor-relay.mjs: the least a Node relay can do), through the gateway (`/mcp`, `/ws` and
 * `/mcp/<server>`, with auth, names, metrics and all checks on), through `mcp bridge` and through the peer
 * proxies supergateway, mcp-proxy and mcp-hub (bench/lib/peers.ts). Configurations are interleaved and
 * repeated; medians are reported with ratios to the direct HTTP baseline and the floor. Then the
 * aggregation figures with 10 and 50 backends (bench/lib/aggregation.ts), and a table of the targets.
 * Loopback only; uses the built CLI in dist/.
 *
 * Usage: npm run bench   |   npx tsx bench/gateway.bench.ts [--rounds 3] [--calls 300] [--burst 800] [--backends 10,50] [--no-peers]
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

import { measureAggregation, type AggregationSample } from './lib/aggregation.js';
import { PLATFORM_NODE_FLAGS } from '../src/cli/node-flags.js';
import { WebSocketClientTransport } from '../src/transports/websocket-client.js';
import { startPeers } from './lib/peers.js';
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
    backends: { type: 'string', default: '10,50' },
    peers: { type: 'boolean', default: true },
    out: { type: 'string', default: path.join(ROOT, 'bench/results') },
  },
});
const ROUNDS = Number(flags.rounds);
const CALLS = Number(flags.calls);
const BURST = Number(flags.burst);
const BACKENDS = flags.backends!.split(',').filter(Boolean).map(Number);

const children: ChildProcess[] = [];
/** bench/lib/sdk-idle.mjs, bundled: Node with the SDK imported, idle, without and with SQLite open. */
const sdkIdlePids: { sdk?: number | undefined; sdkSqlite?: number | undefined } = {};
/** Row names of the peer proxies. */
const PEERS = ['supergateway', 'mcp-proxy', 'mcp-hub'];

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
  const auth = { requestInit: { headers: { authorization: `Bearer ${key}` } } };
  const peers = flags.peers ? await startPeers(ROOT, ECHO, (c) => children.push(c)) : [];
  const peerTargets: Target[] = peers.map((p) => ({
    name: p.name,
    tool: p.name === 'mcp-hub' ? 'echo__echo' : 'echo',
    // mcp-hub's /mcp is the legacy HTTP+SSE transport.
    transport: () =>
      p.name === 'mcp-hub'
        ? new SSEClientTransport(new URL(p.url))
        : new StreamableHTTPClientTransport(new URL(p.url)),
    pid: p.child.pid,
  }));
  sdkIdlePids.sdk = sdkOnly.child.pid;
  sdkIdlePids.sdkSqlite = sdkSqlite.child.pid;
  return [
    {
      name: 'direct Streamable HTTP',
      tool: 'echo',
      transport: () => new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${http.match[1]}/mcp`)),
      pid: http.child.pid,
    },
    {
      name: 'direct stdio',
      tool: 'echo',
      transport: () => new StdioClientTransport({ command: process.execPath, args: [ECHO] }),
    },
    {
      name: 'floor relay',
      tool: 'echo',
      transport: () => new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${floor.match[1]}/`)),
      pid: floor.child.pid,
    },
    {
      name: 'gateway /mcp',
      tool: 'echo__echo',
      transport: () => new StreamableHTTPClientTransport(new URL(`${up.url}/mcp`), auth),
      pid: up.pid,
    },
    {
      name: 'gateway /mcp/echo',
      tool: 'echo',
      transport: () => new StreamableHTTPClientTransport(new URL(`${up.url}/mcp/echo`), auth),
      pid: up.pid,
    },
    {
      name: 'gateway /ws (WebSocket)',
      tool: 'echo__echo',
      transport: () =>
        new WebSocketClientTransport(new URL(`${up.url.replace(/^http/, 'ws')}/ws`), {
          headers: { authorization: `Bearer ${key}` },
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
    {
      name: 'mcp bridge',
      tool: 'echo',
      transport: () => new StreamableHTTPClientTransport(new URL(bridge.match[1]!)),
      pid: bridge.child.pid,
    },
    ...peerTargets,
  ];
}

interface Sample {
  setupMs: number;
  p50: number;
  p95: number;
  p99: number;
  callsPerSecond: number;
}

async function measure(t: Target): Promise<Sample> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  const t0 = performance.now();
  await client.connect(t.transport());
  const setupMs = performance.now() - t0;
  const call = (i: number): Promise<unknown> =>
    client.callTool({ name: t.tool, arguments: { text: `m${i}` } });
  for (let i = 0; i < 30; i++) await call(i);
  const lat: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const s = performance.now();
    await call(i);
    lat.push(performance.now() - s);
  }
  let next = 0;
  const b0 = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < BURST) await call(next++);
    }),
  );
  const callsPerSecond = BURST / ((performance.now() - b0) / 1000);
  await client.close();
  return {
    setupMs,
    p50: quantile(lat, 0.5),
    p95: quantile(lat, 0.95),
    p99: quantile(lat, 0.99),
    callsPerSecond,
  };
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

async function main(): Promise<void> {
  const targets = await setUp();
  const idleRss = Object.fromEntries(targets.map((t) => [t.name, rssMb(t.pid)]));
  const sdkIdleRssMb = { sdk: rssMb(sdkIdlePids.sdk), sdkSqlite: rssMb(sdkIdlePids.sdkSqlite) };
  const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved, in a different order each round.
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (const t of order) samples.get(t.name)!.push(await measure(t));
    process.stderr.write(`round ${r + 1}/${ROUNDS} done\n`);
  }
  const rows = targets.map((t) => {
    const s = samples.get(t.name)!;
    const pick = (k: keyof Sample): number => median(s.map((x) => x[k]));
    return {
      name: t.name,
      setupMs: pick('setupMs'),
      p50: pick('p50'),
      p95: pick('p95'),
      p99: pick('p99'),
      callsPerSecond: pick('callsPerSecond'),
      idleRssMb: idleRss[t.name] ?? null,
    };
  });
  const base = rows.find((r) => r.name === 'direct Streamable HTTP')!;
  const floorRow = rows.find((r) => r.name === 'floor relay')!;
  const gateway = rows.find((r) => r.name === 'gateway /mcp')!;
  for (const c of children) c.kill('SIGTERM');
  const aggregation: AggregationSample[] = [];
  for (const n of BACKENDS) {
    aggregation.push(await measureAggregation(ROOT, n, CALLS));
    process.stderr.write(`aggregation with ${n} backends done\n`);
  }
  const peerRates = rows.filter((r) => PEERS.some((p) => r.name.startsWith(p))).map((r) => r.callsPerSecond);
  const bestPeer = peerRates.length ? Math.max(...peerRates) : Number.NaN;
  const agg = (n: number): AggregationSample | undefined => aggregation.find((a) => a.backends === n);
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'pass' : 'FAIL');
  const targetRows: Array<[string, string, string, boolean | undefined]> = [
    [
      'gateway /mcp p50 / floor relay',
      '≤ 1.10',
      String(round(gateway.p50 / floorRow.p50, 2)),
      gateway.p50 / floorRow.p50 <= 1.1,
    ],
    [
      'gateway /mcp p50 / direct HTTP',
      '≤ 1.00',
      String(round(gateway.p50 / base.p50, 2)),
      gateway.p50 / base.p50 <= 1,
    ],
    [
      'gateway /mcp calls/s (16 in flight) / best peer',
      '≥ 1.5',
      String(round(gateway.callsPerSecond / bestPeer, 2)),
      gateway.callsPerSecond / bestPeer >= 1.5,
    ],
    [
      '10 backends all running after start',
      '≤ 1000 ms',
      `${agg(10)?.allRunningMs ?? '-'} ms`,
      agg(10) && agg(10)!.allRunningMs <= 1000,
    ],
    [
      'warm aggregated tools/list, 50 backends (p50)',
      '≤ 1 ms',
      `${agg(50)?.listP50Ms ?? '-'} ms (floor relay, same 50 tools: ${agg(50)?.floorListP50Ms ?? '-'} ms)`,
      agg(50) && agg(50)!.listP50Ms <= 1,
    ],
    [
      'gateway process idle RSS',
      '≤ 60 MB',
      `${gateway.idleRssMb ?? '-'} MB (Node with the SDK imported, idle: ${sdkIdleRssMb.sdk ?? '-'} MB; ` +
        `and with SQLite open: ${sdkIdleRssMb.sdkSqlite ?? '-'} MB)`,
      gateway.idleRssMb === null ? undefined : gateway.idleRssMb <= 60,
    ],
  ];
  const date = new Date().toISOString().slice(0, 10);
  const lines = [
    `# Gateway benchmark (${date})`,
    '',
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${ROUNDS} interleaved rounds, ${CALLS} sequential calls and ${BURST} calls with 16 in flight per round; medians over rounds.`,
    '',
    '| configuration | setup ms | p50 ms | p95 ms | p99 ms | p50 / direct HTTP | p50 / floor | calls/s (16 in flight) | idle RSS MB |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${round(r.setupMs, 1)} | ${round(r.p50, 3)} | ${round(r.p95, 3)} | ${round(r.p99, 3)} | ${round(r.p50 / base.p50, 2)} | ${round(r.p50 / floorRow.p50, 2)} | ${Math.round(r.callsPerSecond)} | ${r.idleRssMb ?? '-'} |`,
    ),
    '',
    `Aggregation: \`mcp up\` with N plain-Node stdio backends (bench/lib/tiny-stdio.mjs), ${CALLS} warm tools/list calls on /mcp.`,
    '',
    '| backends | /ready ms | all running ms | tools | tools/list p50 ms | p95 ms | same list via floor relay, p50 ms | gateway RSS MB | tree RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...aggregation.map(
      (a) =>
        `| ${a.backends} | ${a.readyMs} | ${a.allRunningMs} | ${a.tools} | ${a.listP50Ms} | ${a.listP95Ms} | ${a.floorListP50Ms} | ${a.gatewayRssMb} | ${a.treeRssMb} |`,
    ),
    '',
    '| target | goal | measured | |',
    '| --- | --- | --- | --- |',
    ...targetRows.map(([what, goal, measured, ok]) => `| ${what} | ${goal} | ${measured} | ${verdict(ok)} |`),
    '',
  ];
  mkdirSync(flags.out!, { recursive: true });
  writeFileSync(path.join(flags.out!, `gateway-${date}.md`), lines.join('\n'));
  writeFileSync(
    path.join(flags.out!, `gateway-${date}.json`),
    JSON.stringify(
      { date, rounds: ROUNDS, calls: CALLS, burst: BURST, rows, aggregation, sdkIdleRssMb },
      null,
      2,
    ),
  );
  process.stdout.write(lines.join('\n'));
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
  });
