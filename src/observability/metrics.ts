/**
 * Prometheus metrics of the platform (prom-client, text exposition format): gateway requests, errors
 * and latency per server and tool, sessions, upstream states and restarts.
 * @module
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import { RequestSeries } from './request-series.js';

type RequestLabel = 'server' | 'tool' | 'method';

/** Latency buckets of forwarded requests, in seconds. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

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

/** A snapshot of one server for the upstream gauges. */
export interface UpstreamSample {
  name: string;
  state: string;
  restarts: number;
  tools: number | null;
  rssBytes: number | null;
}

/** The platform's metrics registry. */
export class PlatformMetrics {
  readonly registry = new Registry();
  /**
   * Forwarded requests, counted as plain numbers; the request metrics (registered in the constructor, and
   * held by the registry only) read them when scraped.
   */
  private readonly series = new RequestSeries(LATENCY_BUCKETS);
  private readonly sessions: Gauge<'endpoint'>;
  private readonly state: Gauge<'server' | 'state'>;
  private readonly restarts: Gauge<'server'>;
  private readonly tools: Gauge<'server'>;
  private readonly rss: Gauge<'server'>;

  constructor(
    opts: {
      defaultMetrics?: boolean;
      /** Upstream snapshots, read at scrape time. */
      sample?: () => UpstreamSample[];
      /** Open sessions per endpoint, read at scrape time. */
      sessions?: () => Record<string, number>;
    } = {},
  ) {
    const registers = [this.registry];
    // The event-loop delay is sampled by a timer: every 100 ms rather than prom-client's 10 ms, so an idle
    // platform wakes 10 times a second for it instead of 100 (a loop blocked for longer is still caught).
    if (opts.defaultMetrics !== false)
      collectDefaultMetrics({
        register: this.registry,
        prefix: 'mcp_platform_process_',
        eventLoopMonitoringPrecision: 100,
      });
    const { series } = this;
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
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.sessions = new Gauge({
      name: 'mcp_gateway_sessions',
      help: 'Open downstream sessions',
      labelNames: ['endpoint'],
      registers,
      collect: () => {
        for (const [endpoint, n] of Object.entries(opts.sessions?.() ?? {}))
          this.sessions.set({ endpoint }, n);
      },
    });
    const sample = opts.sample;
    // Gauges are rebuilt from the current servers at every scrape, so a removed server's series disappear.
    const collect = (gauge: () => Gauge<'server'>, fn: (s: UpstreamSample) => void) => () => {
      gauge().reset();
      sample?.().forEach(fn);
    };
    this.state = new Gauge({
      name: 'mcp_upstream_state',
      help: 'Upstream server state (1 for the current state)',
      labelNames: ['server', 'state'],
      registers,
      collect: () => {
        this.state.reset();
        sample?.().forEach((s) =>
          STATES.forEach((st) => this.state.set({ server: s.name, state: st }, st === s.state ? 1 : 0)),
        );
      },
    });
    this.restarts = new Gauge({
      name: 'mcp_upstream_restarts',
      help: 'Automatic restarts or reconnects of an upstream',
      labelNames: ['server'],
      registers,
      collect: collect(
        () => this.restarts,
        (s) => this.restarts.set({ server: s.name }, s.restarts),
      ),
    });
    this.tools = new Gauge({
      name: 'mcp_upstream_tools',
      help: 'Tools an upstream lists',
      labelNames: ['server'],
      registers,
      collect: collect(
        () => this.tools,
        (s) => s.tools !== null && this.tools.set({ server: s.name }, s.tools),
      ),
    });
    this.rss = new Gauge({
      name: 'mcp_upstream_rss_bytes',
      help: 'Resident memory of an upstream process tree',
      labelNames: ['server'],
      registers,
      collect: collect(
        () => this.rss,
        (s) => s.rssBytes !== null && this.rss.set({ server: s.name }, s.rssBytes),
      ),
    });
  }

  /** Records one forwarded request. `tool` is empty for non-tool methods. */
  observe(server: string, method: string, tool: string, seconds: number, ok: boolean): void {
    this.series.observe(server, method, tool, seconds, ok);
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
