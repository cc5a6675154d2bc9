/**
 * Counts of forwarded requests per (server, method, tool) kept as plain numbers: a request adds to its
 * series with one map lookup, and the Prometheus metrics read the series only when scraped. prom-client's
 * labelled children hash and validate their label object on every `inc` and `observe`, which cost several
 * microseconds and a kilobyte of garbage per forwarded call.
 * @module
 */

/** The labels of one series. */
export interface RequestLabels {
  server: string;
  tool: string;
  method: string;
}

/** One series: how many requests, how many failed, and the latency histogram (non-cumulative buckets). */
export interface RequestSeriesEntry {
  readonly labels: RequestLabels;
  count: number;
  errors: number;
  sum: number;
  /** `buckets[i]` counts durations in (bounds[i-1], bounds[i]]; the last slot counts those above all bounds. */
  readonly buckets: Float64Array;
}

/**
 * A value in prom-client's export shape: `labels` are the value's own (`le`), `sharedLabels` the series'
 * (the registry writes both; `metric.get()` merges them).
 */
export interface ExportedValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
}

/**
 * Request series by label values.
 * @example
 * const s = new RequestSeries([0.001, 0.01]);
 * s.observe('echo', 'tools/call', 'echo', 0.002, true);
 * s.entries().next().value?.buckets; // Float64Array [0, 1, 0]
 */
export class RequestSeries {
  private readonly byKey = new Map<string, RequestSeriesEntry>();

  constructor(readonly bounds: readonly number[]) {}

  /** Records one request that took `seconds`. */
  observe(server: string, method: string, tool: string, seconds: number, ok: boolean): void {
    const key = `${server}\u0000${method}\u0000${tool}`;
    let entry = this.byKey.get(key);
    if (!entry) {
      entry = {
        labels: { server, tool, method },
        count: 0,
        errors: 0,
        sum: 0,
        buckets: new Float64Array(this.bounds.length + 1),
      };
      this.byKey.set(key, entry);
    }
    entry.count += 1;
    if (!ok) entry.errors += 1;
    entry.sum += seconds;
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && seconds > bounds[i]!) i++;
    entry.buckets[i]! += 1;
  }

  entries(): IterableIterator<RequestSeriesEntry> {
    return this.byKey.values();
  }

  /** The histogram of every series as `<name>_bucket` (cumulative, with `+Inf`), `_sum` and `_count`. */
  histogramValues(name: string): ExportedValue[] {
    const values: ExportedValue[] = [];
    for (const { labels, count, sum, buckets } of this.byKey.values()) {
      let acc = 0;
      const shared = { ...labels };
      this.bounds.forEach((le, i) => {
        acc += buckets[i]!;
        values.push({ labels: { le }, sharedLabels: shared, value: acc, metricName: `${name}_bucket` });
      });
      values.push({
        labels: { le: '+Inf' },
        sharedLabels: shared,
        value: count,
        metricName: `${name}_bucket`,
      });
      values.push({ labels: {}, sharedLabels: shared, value: sum, metricName: `${name}_sum` });
      values.push({ labels: {}, sharedLabels: shared, value: count, metricName: `${name}_count` });
    }
    return values;
  }
}
