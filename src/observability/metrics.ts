/**
 * Prometheus metrics of the platform (text exposition format): gateway requests, errors and latency per
 * server and tool, sessions, upstream states and restarts, and Node's process metrics. Requests are counted
 * as plain numbers as they happen; prom-client and its registry (`prometheus.ts`) are loaded with the first
 * scrape, so a platform nobody scrapes never loads them. Node's default metrics (garbage collection,
 * event-loop delay) are collected from that first scrape on.
 * @module
 */
import type { Registry } from 'prom-client';

import { RequestSeries } from './request-series.js';

/** Latency buckets of forwarded requests, in seconds. */
const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** A snapshot of one server for the upstream gauges. */
export interface UpstreamSample {
  name: string;
  state: string;
  restarts: number;
  tools: number | null;
  rssBytes: number | null;
}

/** What the metrics read when scraped. */
export interface MetricsOptions {
  /** Node's default process metrics. Default true. */
  defaultMetrics?: boolean;
  /** Upstream snapshots, read at scrape time. */
  sample?: () => UpstreamSample[];
  /** Open sessions per endpoint, read at scrape time. */
  sessions?: () => Record<string, number>;
}

/** The platform's metrics. */
export class PlatformMetrics {
  /** Forwarded requests, counted as plain numbers; the request metrics read them when scraped. */
  private readonly series = new RequestSeries(LATENCY_BUCKETS);
  private created: Promise<Registry> | undefined;

  constructor(private readonly opts: MetricsOptions = {}) {}

  /** Records one forwarded request. `tool` is empty for non-tool methods. */
  observe(server: string, method: string, tool: string, seconds: number, ok: boolean): void {
    this.series.observe(server, method, tool, seconds, ok);
  }

  /** The prom-client registry, made (and prom-client loaded) on first use. */
  registry(): Promise<Registry> {
    // A failed load (the package replaced under a running platform) is tried again by the next scrape.
    this.created ??= import('./prometheus.js').then(
      (m) => m.createRegistry(this.series, LATENCY_BUCKETS, this.opts),
      (err: unknown) => {
        this.created = undefined;
        throw err;
      },
    );
    return this.created;
  }

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    const registry = await this.registry();
    return { contentType: registry.contentType, body: await registry.metrics() };
  }
}
