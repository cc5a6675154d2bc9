/**
 * The Prometheus side of the platform's metrics (prom-client): the registry, the request metrics read from
 * the {@link RequestSeries} when scraped, the session and upstream gauges, and Node's default metrics.
 * Loaded with the first scrape (see `metrics.ts`), so a platform nobody scrapes never loads prom-client.
 * @module
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { MetricsOptions, UpstreamSample } from './metrics.js';
import type { RequestSeries } from './request-series.js';

type RequestLabel = 'server' | 'tool' | 'method';

/** The request latency histogram, exported from the {@link RequestSeries} when scraped. */
class SeriesHistogram extends Histogram<RequestLabel> {
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(
    private readonly series: RequestSeries,
    config: ConstructorParameters<typeof Histogram<RequestLabel>>[0],
  ) {
    super(config);
    this.metricName = config.name;
    this.metricHelp = config.help;
  }

  /**
   * What the registry writes (prom-client's `get()` merges the labels of this): each series' buckets,
   * sum and count, with the series' labels shared by its values.
   */
  async getForPromString(): Promise<unknown> {
    return {
      name: this.metricName,
      help: this.metricHelp,
      type: 'histogram',
      aggregator: 'sum',
      values: this.series.histogramValues(this.metricName),
    };
  }
}

/** The states an upstream can report, one gauge series each (1 for the current state, 0 otherwise). */
const STATES = [
  'stopped',
  'waiting',
  'starting',
  'running',
  'backoff',
  'crash-loop',
  'stopping',
  'failed',
  'connecting',
  'idle',
];

/** A registry with every metric of the platform, reading `series` and the options' samplers when scraped. */
export function createRegistry(
  series: RequestSeries,
  buckets: readonly number[],
  opts: MetricsOptions,
): Registry {
  const registry = new Registry();
  const registers = [registry];
  // The event-loop delay is sampled by a timer: every 100 ms rather than prom-client's 10 ms, so an idle
  // platform wakes 10 times a second for it instead of 100 (a loop blocked for longer is still caught).
  if (opts.defaultMetrics !== false)
    collectDefaultMetrics({
      register: registry,
      prefix: 'mcp_platform_process_',
      eventLoopMonitoringPrecision: 100,
    });
  new Counter({
    name: 'mcp_gateway_requests_total',
    help: 'MCP requests forwarded, by server, tool and method',
    labelNames: ['server', 'tool', 'method'],
    registers,
    collect() {
      this.reset();
      for (const s of series.entries()) this.inc(s.labels, s.count);
    },
  });
  new Counter({
    name: 'mcp_gateway_errors_total',
    help: 'MCP requests that failed, by server, tool and method',
    labelNames: ['server', 'tool', 'method'],
    registers,
    collect() {
      this.reset();
      for (const s of series.entries()) if (s.errors > 0) this.inc(s.labels, s.errors);
    },
  });
  new SeriesHistogram(series, {
    name: 'mcp_gateway_request_duration_seconds',
    help: 'Latency of forwarded MCP requests',
    labelNames: ['server', 'tool', 'method'],
    buckets: [...buckets],
    registers,
  });
  const sessions: Gauge<'endpoint'> = new Gauge({
    name: 'mcp_gateway_sessions',
    help: 'Open downstream sessions',
    labelNames: ['endpoint'],
    registers,
    collect: () => {
      for (const [endpoint, n] of Object.entries(opts.sessions?.() ?? {})) sessions.set({ endpoint }, n);
    },
  });
  const sample = opts.sample;
  // Gauges are rebuilt from the current servers at every scrape, so a removed server's series disappear.
  const collect = (gauge: () => Gauge<'server'>, fn: (s: UpstreamSample) => void) => () => {
    gauge().reset();
    sample?.().forEach(fn);
  };
  const state: Gauge<'server' | 'state'> = new Gauge({
    name: 'mcp_upstream_state',
    help: 'Upstream server state (1 for the current state)',
    labelNames: ['server', 'state'],
    registers,
    collect: () => {
      state.reset();
      sample?.().forEach((s) =>
        STATES.forEach((st) => state.set({ server: s.name, state: st }, st === s.state ? 1 : 0)),
      );
    },
  });
  const restarts: Gauge<'server'> = new Gauge({
    name: 'mcp_upstream_restarts',
    help: 'Automatic restarts or reconnects of an upstream',
    labelNames: ['server'],
    registers,
    collect: collect(
      () => restarts,
      (s) => restarts.set({ server: s.name }, s.restarts),
    ),
  });
  const tools: Gauge<'server'> = new Gauge({
    name: 'mcp_upstream_tools',
    help: 'Tools an upstream lists',
    labelNames: ['server'],
    registers,
    collect: collect(
      () => tools,
      (s) => s.tools !== null && tools.set({ server: s.name }, s.tools),
    ),
  });
  const rss: Gauge<'server'> = new Gauge({
    name: 'mcp_upstream_rss_bytes',
    help: 'Resident memory of an upstream process tree',
    labelNames: ['server'],
    registers,
    collect: collect(
      () => rss,
      (s) => s.rssBytes !== null && rss.set({ server: s.name }, s.rssBytes),
    ),
  });
  return registry;
}
