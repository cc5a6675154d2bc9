/**
 * The gateway benchmark's results and their markdown: one row per configuration, the relay-capacity rows,
 * the aggregation rows and the targets with a verdict each.
 * @module
 */
import os from 'node:os';

import type { AggregationSample } from './aggregation.js';
import { round } from './stats.js';

/** Figures of one configuration: medians over rounds, CPU summed over rounds. */
export interface Row {
  readonly name: string;
  readonly setupMs: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  /** p50 over the floor relay's p50 in the same round (paired blocks), median over rounds. */
  readonly p50OverFloor: number;
  /** p50 over the direct HTTP baseline's in the same round, median over rounds. */
  readonly p50OverDirect: number;
  readonly callsPerSecond: number;
  /** CPU microseconds per call at 16 in flight: the SDK client (this process), the relay, the server. */
  readonly cpuPerCall: { client: number; relay: number | null; server: number | null };
  /** Calls/s at 16 in flight with the minimal client (bench/lib/raw-load.ts), null when not measured. */
  readonly rawCallsPerSecond: number | null;
  readonly rawRelayCpuPerCall: number | null;
  readonly idleRssMb: number | null;
  /** CPU of the serving process while idle after start-up, percent of one core. */
  readonly idleCpuPercent: number | null;
}

export interface Results {
  readonly date: string;
  readonly rounds: number;
  readonly calls: number;
  readonly burst: number;
  readonly rawCalls: number;
  readonly rows: readonly Row[];
  readonly aggregation: readonly AggregationSample[];
  readonly sdkIdleRssMb: { sdk: number | null; sdkSqlite: number | null };
}

/** Names of the peer proxies' rows start with these. */
export const PEERS = ['supergateway', 'mcp-proxy', 'mcp-hub'];

type Target = [what: string, goal: string, measured: string, ok: boolean | undefined];

function targets(r: Results): Target[] {
  const row = (name: string): Row => r.rows.find((x) => x.name === name)!;
  const gateway = row('gateway /mcp');
  const peers = r.rows.filter((x) => PEERS.some((p) => x.name.startsWith(p)));
  const best = (pick: (x: Row) => number | null): number =>
    peers.length ? Math.max(...peers.map((x) => pick(x) ?? 0)) : Number.NaN;
  const agg = (n: number): AggregationSample | undefined => r.aggregation.find((a) => a.backends === n);
  const sdkRate = gateway.callsPerSecond / best((x) => x.callsPerSecond);
  const rawRate = (gateway.rawCallsPerSecond ?? Number.NaN) / best((x) => x.rawCallsPerSecond);
  const cpu = gateway.cpuPerCall;
  return [
    [
      'gateway /mcp p50 / floor relay (paired)',
      '≤ 1.10',
      String(round(gateway.p50OverFloor, 2)),
      gateway.p50OverFloor <= 1.1,
    ],
    [
      'gateway /mcp p50 / direct HTTP (paired)',
      '≤ 1.00',
      String(round(gateway.p50OverDirect, 2)),
      gateway.p50OverDirect <= 1,
    ],
    [
      'gateway /mcp calls/s (16 in flight, SDK client) / best peer',
      '≥ 1.5',
      `${round(sdkRate, 2)} (CPU per call: SDK client ${cpu.client} µs, gateway ${cpu.relay ?? '-'} µs, server ${cpu.server ?? '-'} µs)`,
      sdkRate >= 1.5,
    ],
    [
      'gateway /mcp calls/s (16 in flight, minimal client) / best peer',
      '(not a target)',
      String(round(rawRate, 2)),
      undefined,
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
      `${gateway.idleRssMb ?? '-'} MB (Node with the SDK imported, idle: ${r.sdkIdleRssMb.sdk ?? '-'} MB; ` +
        `and with SQLite open: ${r.sdkIdleRssMb.sdkSqlite ?? '-'} MB)`,
      gateway.idleRssMb === null ? undefined : gateway.idleRssMb <= 60,
    ],
  ];
}

const dash = (v: number | null): string => (v === null ? '-' : String(v));

/** The markdown report of a run. */
export function renderGatewayReport(r: Results): string {
  const verdict = (ok: boolean | undefined): string => (ok === undefined ? 'n/a' : ok ? 'pass' : 'FAIL');
  const cpu = os.cpus();
  return [
    `# Gateway benchmark (${r.date})`,
    '',
    `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, Node ${process.version}; ${r.rounds} rounds; per round, every ` +
      `configuration connected at once and ${r.calls} sequential calls each in alternating blocks (ratios are ` +
      `taken within a round, then the median over rounds), then ${r.burst} calls with 16 in flight with the SDK ` +
      `client and ${r.rawCalls} with the minimal client, one configuration at a time; medians over rounds, CPU ` +
      'per call summed over rounds.',
    '',
    '| configuration | setup ms | p50 ms | p95 ms | p99 ms | p50 / direct HTTP | p50 / floor | calls/s (16 in flight) | CPU µs per call: client / relay / server | idle RSS MB | idle CPU % |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.rows.map(
      (x) =>
        `| ${x.name} | ${round(x.setupMs, 1)} | ${round(x.p50, 3)} | ${round(x.p95, 3)} | ${round(x.p99, 3)} | ` +
        `${round(x.p50OverDirect, 2)} | ${round(x.p50OverFloor, 2)} | ${Math.round(x.callsPerSecond)} | ` +
        `${x.cpuPerCall.client} / ${dash(x.cpuPerCall.relay)} / ${dash(x.cpuPerCall.server)} | ${dash(x.idleRssMb)} | ` +
        `${dash(x.idleCpuPercent)} |`,
    ),
    '',
    'Relay capacity: the same calls with 16 in flight from the minimal client (bench/lib/raw-load.ts: keep-alive ' +
      'connections, ready-made request bytes, a few tens of µs per call), so that the relay rather than the ' +
      'SDK client is what limits the rate.',
    '',
    '| configuration | calls/s (16 in flight, minimal client) | relay CPU µs per call |',
    '| --- | ---: | ---: |',
    ...r.rows
      .filter((x) => x.rawCallsPerSecond !== null)
      .map((x) => `| ${x.name} | ${Math.round(x.rawCallsPerSecond!)} | ${dash(x.rawRelayCpuPerCall)} |`),
    '',
    `Aggregation: \`mcp up\` with N plain-Node stdio backends (bench/lib/tiny-stdio.mjs), ${r.calls} warm ` +
      'tools/list calls on /mcp, alternating in blocks with the floor relay listing the same N tools.',
    '',
    '| backends | /ready ms | all running ms | tools | tools/list p50 ms | p95 ms | same list via floor relay, p50 ms | gateway RSS MB | tree RSS MB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.aggregation.map(
      (a) =>
        `| ${a.backends} | ${a.readyMs} | ${a.allRunningMs} | ${a.tools} | ${a.listP50Ms} | ${a.listP95Ms} | ` +
        `${a.floorListP50Ms} | ${a.gatewayRssMb} | ${a.treeRssMb} |`,
    ),
    '',
    '| target | goal | measured | |',
    '| --- | --- | --- | --- |',
    ...targets(r).map(([what, goal, measured, ok]) => `| ${what} | ${goal} | ${measured} | ${verdict(ok)} |`),
    '',
  ].join('\n');
}
