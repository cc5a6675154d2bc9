import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';

import { PlatformMetrics } from './metrics.js';
import { RequestSeries } from './request-series.js';

const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

describe('RequestSeries', () => {
  it('puts a duration in the first bucket whose bound it does not exceed', () => {
    const s = new RequestSeries([0.001, 0.01]);
    for (const d of [0.0005, 0.001, 0.002, 0.01, 0.5]) s.observe('a', 'tools/call', 't', d, true);
    const [entry] = [...s.entries()];
    expect([...entry!.buckets]).toEqual([2, 2, 1]);
    expect(entry!.count).toBe(5);
    expect(entry!.sum).toBeCloseTo(0.5135, 10);
  });

  it('keeps one series per server, method and tool, with its errors', () => {
    const s = new RequestSeries(BUCKETS);
    s.observe('a', 'tools/call', 'x', 0.001, false);
    s.observe('a', 'tools/call', 'x', 0.001, true);
    s.observe('a', 'tools/list', '', 0.001, true);
    s.observe('b', 'tools/call', 'x', 0.001, true);
    expect([...s.entries()].map((e) => [e.labels, e.count, e.errors])).toEqual([
      [{ server: 'a', tool: 'x', method: 'tools/call' }, 2, 1],
      [{ server: 'a', tool: '', method: 'tools/list' }, 1, 0],
      [{ server: 'b', tool: 'x', method: 'tools/call' }, 1, 0],
    ]);
  });
});

describe('PlatformMetrics request metrics', () => {
  it('writes the same exposition as prom-client counters and histograms fed call by call', async () => {
    const calls: Array<[string, string, string, number, boolean]> = [];
    for (let i = 0; i < 300; i++)
      calls.push([
        `s${i % 3}`,
        i % 5 ? 'tools/call' : 'tools/list',
        i % 5 ? `t${i % 2}` : '',
        (i % 37) * 0.0031,
        i % 7 !== 0,
      ]);
    const ours = new PlatformMetrics({ defaultMetrics: false });
    for (const c of calls) ours.observe(...c);

    const registry = new Registry();
    const labelNames = ['server', 'tool', 'method'] as const;
    const registers = [registry];
    const requests = new Counter({ name: 'mcp_gateway_requests_total', help: 'h', labelNames, registers });
    const errors = new Counter({ name: 'mcp_gateway_errors_total', help: 'h', labelNames, registers });
    const latency = new Histogram({
      name: 'mcp_gateway_request_duration_seconds',
      help: 'h',
      labelNames,
      buckets: BUCKETS,
      registers,
    });
    for (const [server, method, tool, seconds, ok] of calls) {
      requests.inc({ server, tool, method });
      if (!ok) errors.inc({ server, tool, method });
      latency.observe({ server, tool, method }, seconds);
    }
    const lines = (text: string) =>
      text
        .split('\n')
        .filter((l) => l.startsWith('mcp_gateway_'))
        .map((l) => l.replace(/ ([\d.e+-]+)$/, (_, v: string) => ` ${Number(v).toFixed(9)}`))
        .sort();
    const expected = lines(await registry.metrics());
    expect(expected.length).toBeGreaterThan(100);
    expect(lines((await ours.render()).body).filter((l) => !l.startsWith('mcp_gateway_sessions'))).toEqual(
      expected,
    );
    // The JSON form (what `metric.get()` gives) merges the series' labels into each value's.
    const json = await (await ours.registry()).getMetricsAsJSON();
    const histogram = json.find((m) => m.name === 'mcp_gateway_request_duration_seconds');
    expect(histogram?.values[0]?.labels).toMatchObject({ server: 's0', le: 0.0005 });
  });
});
